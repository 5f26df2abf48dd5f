/*
 * an_servers.c - what the servers of a zone say about each other and about
 * the delegation: SOA serials, signatures, NS sets at parent and child,
 * glue, TCP and EDNS behaviour.
 */
#include "an_common.h"

void an_check_servers(ctx *x, cs_zone *z)
{
	(void)x;
	(void)z;
}
