/**
 * Frame encryption and authentication: the keyring, the AES-GCM frame cipher, the replay window, and the sealing
 * frame sink that wraps outbound frames. Inbound frames are opened before the protocol sees them.
 */
package io.starling.engine.security;
