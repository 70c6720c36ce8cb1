/**
 * Internal support shared by the in-process engine ({@code dev.specter.webrtc}) and
 * worker mode ({@code dev.specter.worker}); public only so both can use it, not part of
 * the API.
 */
package dev.specter.support;
