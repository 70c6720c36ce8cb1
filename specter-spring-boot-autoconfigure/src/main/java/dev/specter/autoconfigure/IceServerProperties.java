package dev.specter.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * One STUN or TURN server, with W3C RTCIceServer names. {@link #toString()} masks the
 * credential.
 */
public class IceServerProperties {

	/**
	 * URLs of the server, such as "stun:stun.example.com:3478" or
	 * "turn:turn.example.com:3478?transport=udp".
	 */
	private List<String> urls = new ArrayList<>();

	/**
	 * TURN username.
	 */
	private String username;

	/**
	 * TURN credential (password). Never logged or exposed.
	 */
	private String credential;

	static IceServerProperties of(String url) {
		IceServerProperties server = new IceServerProperties();
		server.urls.add(url);
		return server;
	}

	public List<String> getUrls() {
		return this.urls;
	}

	public void setUrls(List<String> urls) {
		this.urls = urls;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getCredential() {
		return this.credential;
	}

	public void setCredential(String credential) {
		this.credential = credential;
	}

	@Override
	public String toString() {
		return "IceServerProperties[urls=" + this.urls + ", username=" + this.username + ", credential="
				+ ((this.credential != null) ? "******" : "null") + "]";
	}

}
