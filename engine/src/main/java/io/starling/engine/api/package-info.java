/**
 * The public API: {@link io.starling.engine.api.StarlingEngine} (launch, context, commands), the member view and
 * the listener interfaces an application implements for membership, replication and probe round trips.
 */
package io.starling.engine.api;
