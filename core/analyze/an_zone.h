/*
 * an_zone.h - internal to the analyzer: the chain of zones, built from the
 * capture and evaluated top-down, each zone from its parent's state.
 */
#ifndef CS_AN_ZONE_H
#define CS_AN_ZONE_H

#include "analyze/an_ctx.h"

/* One cs_zone per zone of the capture, root first, with its servers. */
void an_build_zones(ctx *x);

/* Evaluate one zone (its parent already evaluated): server health, keys,
 * the DS link or trust anchor, the zone's state and its servers' states. */
void an_eval_zone(ctx *x, cs_zone *z);

#endif
