// a hashed asset of the test class path
