/**
 * User broadcasts spread epidemically as rumors ({@link io.starling.engine.rumor.RumorMonger}), riding on a SWIM
 * node as a {@link io.starling.engine.protocol.NodeExtension}.
 */
package io.starling.engine.rumor;
