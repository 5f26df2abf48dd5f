/*
 * an_records.h - internal to the analyzer: checks on a zone's signed
 * records.
 */
#ifndef CS_AN_RECORDS_H
#define CS_AN_RECORDS_H

#include "analyze/an_ctx.h"

/* Checks on a zone's signed records: validity windows, TTLs, algorithm
 * completeness, CDS/CDNSKEY (an_records.c); called after an_check_servers. */
void an_check_records(ctx *x, cs_zone *z);

#endif
