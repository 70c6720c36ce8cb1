/**
 * The engine: Specter implemented on webrtc-java. Everything here except the factory, the
 * native-library probe and a few settings records is package-private; every piece of text
 * that reaches native code passes through one guarded entrance ({@code NativeInput}).
 */
package dev.specter.webrtc;
