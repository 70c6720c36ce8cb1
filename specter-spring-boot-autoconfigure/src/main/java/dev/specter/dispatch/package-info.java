/**
 * Event dispatch: per-connection serial mailboxes over one shared executor, so events of
 * one connection reach {@code @SpecterListener} methods in order and never on a native
 * thread. Internal to Specter, with no dependency on WebRTC.
 */
@NullMarked
package dev.specter.dispatch;

import org.jspecify.annotations.NullMarked;
