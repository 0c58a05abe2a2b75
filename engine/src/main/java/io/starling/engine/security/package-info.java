/**
 * Frame encryption and authentication: the keyring, the AES-GCM frame cipher ({@code FrameCipher}: reasons,
 * buffers, settings) and its steps, one file each ({@code CipherKeys} key schedule, {@code FrameSealer} seal,
 * {@code SealedFrameOpener} open, {@code ReplayWindow} replays, {@code CipherRejections} drop counts,
 * {@code SealedFrameLayout} offsets), and the sealing frame sink that wraps outbound frames. Inbound frames are
 * opened ({@code InboundFrameOpener}) before the protocol sees them.
 */
package io.starling.engine.security;
