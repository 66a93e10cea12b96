package dev.rampart.db;

/** Where the database is and with which credentials each of the two roles connects. */
record DatabaseEndpoint(String jdbcUrl, String appUser, String appPassword, String ownerUser, String ownerPassword) {

	@Override
	public String toString() {
		return "DatabaseEndpoint[" + jdbcUrl + ", app=" + appUser + ", owner=" + ownerUser + "]";
	}

}
