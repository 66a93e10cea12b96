package dev.rampart;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A WebAuthn authenticator in software for the tests, built from webauthn4j's data
 * classes: it makes an ES256 credential ("none" attestation, user present and verified)
 * for the options a relying party sends, and signs assertions for its challenges, as a
 * browser and a security key would; the JSON it returns is a
 * {@code PublicKeyCredential}'s JSON form.
 */
public final class SoftwareAuthenticator {

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private final ObjectConverter converter = new ObjectConverter();

	private final String origin;

	private final KeyPair keys;

	private final byte[] credentialId = new byte[32];

	private byte[] userHandle = new byte[0];

	private long signCount;

	public SoftwareAuthenticator(String origin) {
		this.origin = origin;
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			this.keys = generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		new SecureRandom().nextBytes(credentialId);
	}

	public String credentialId() {
		return B64.encodeToString(credentialId);
	}

	/** {@code navigator.credentials.create(options)}: the attestation credential. */
	public Map<String, Object> create(JsonNode options) {
		String rpId = options.at("/rp/id").asString();
		userHandle = Base64.getUrlDecoder().decode(options.at("/user/id").asString());
		byte[] clientData = clientData("webauthn.create", options.get("challenge").asString());
		AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, credentialId,
				EC2COSEKey.create(keys, COSEAlgorithmIdentifier.ES256));
		AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(
				sha256(rpId.getBytes(StandardCharsets.UTF_8)),
				(byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV | AuthenticatorData.BIT_AT), signCount,
				attested);
		byte[] attestation = new AttestationObjectConverter(converter)
			.convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("clientDataJSON", B64.encodeToString(clientData));
		response.put("attestationObject", B64.encodeToString(attestation));
		response.put("transports", List.of("internal"));
		return credential(response);
	}

	/** {@code navigator.credentials.get(options)}: an assertion over the challenge. */
	public Map<String, Object> get(JsonNode options) {
		return get(options, origin);
	}

	/** An assertion as a phishing site at {@code claimedOrigin} would relay it. */
	public Map<String, Object> get(JsonNode options, String claimedOrigin) {
		String rpId = options.get("rpId").asString();
		byte[] clientData = clientData("webauthn.get", options.get("challenge").asString(), claimedOrigin);
		signCount++;
		byte[] authenticatorData = new AuthenticatorDataConverter(converter)
			.convert(new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)),
					(byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV), signCount));
		try {
			Signature signature = Signature.getInstance("SHA256withECDSA");
			signature.initSign(keys.getPrivate());
			signature.update(ByteBuffer.allocate(authenticatorData.length + 32)
				.put(authenticatorData)
				.put(sha256(clientData))
				.array());
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("clientDataJSON", B64.encodeToString(clientData));
			response.put("authenticatorData", B64.encodeToString(authenticatorData));
			response.put("signature", B64.encodeToString(signature.sign()));
			response.put("userHandle", B64.encodeToString(userHandle));
			return credential(response);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Map<String, Object> credential(Map<String, Object> response) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("id", credentialId());
		credential.put("rawId", credentialId());
		credential.put("type", "public-key");
		credential.put("response", response);
		credential.put("clientExtensionResults", Map.of());
		credential.put("authenticatorAttachment", "platform");
		return credential;
	}

	private byte[] clientData(String type, String challenge) {
		return clientData(type, challenge, origin);
	}

	private static byte[] clientData(String type, String challenge, String origin) {
		return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
				+ "\",\"crossOrigin\":false}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
