/*
 * an_servers.h - internal to the analyzer: each server address of a zone,
 * how it answers and whether it agrees with the others.
 */
#ifndef CS_AN_SERVERS_H
#define CS_AN_SERVERS_H

#include "analyze/an_ctx.h"

/* Server health (timeouts, refusals, malformed answers, lame servers, EDNS
 * downgrade): sets each server's answered flag, state and reason. Called
 * first for each zone. */
void an_check_health(ctx *x, cs_zone *z);

/* Consistency of a zone's servers and its delegation (an_servers.c):
 * called once per zone after its keys and DS link are evaluated. */
void an_check_servers(ctx *x, cs_zone *z);

/* The zone's server summary (z->server_summary) and which addresses
 * dissent, once every server's state is final and every finding made. */
void an_summarise_servers(ctx *x, cs_zone *z);

#endif
