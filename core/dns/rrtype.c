#include "dns/rrtype.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * RDATA layouts, one character per field:
 *   N  domain name, compression allowed on the wire (RFC 3597 §4 types)
 *   n  domain name, never compressed
 *   1 2 4  unsigned integers of 8, 16, 32 bits (decimal)
 *   A  DNSSEC algorithm number (8 bits)
 *   T  RR type (16 bits, mnemonic)
 *   t  RRSIG time (32 bits, YYYYMMDDHHmmSS)
 *   a  IPv4 address, 6 IPv6 address
 *   X  hex to the end (at least one octet), B base64 to the end (ditto)
 *   s  salt: length octet and octets, "-" when empty
 *   h  NSEC3 hash: length octet (>= 1) and octets, base32hex
 *   M  type bitmap to the end (may be empty)
 *   S  one character-string, C one or more to the end
 */
static const cs_rrtype_info TYPES[] = {
    {CS_TYPE_A, "A", "a", false},
    {CS_TYPE_NS, "NS", "N", true},
    {CS_TYPE_CNAME, "CNAME", "N", true},
    {CS_TYPE_SOA, "SOA", "NN44444", true},
    {CS_TYPE_PTR, "PTR", "N", true},
    {CS_TYPE_HINFO, "HINFO", "SS", false},
    {10, "NULL", NULL, false},
    {CS_TYPE_MX, "MX", "2N", true},
    {CS_TYPE_TXT, "TXT", "C", false},
    {17, "RP", "nn", true},
    {18, "AFSDB", "2n", true},
    {21, "RT", "2n", true},
    {CS_TYPE_AAAA, "AAAA", "6", false},
    {29, "LOC", NULL, false},
    {CS_TYPE_SRV, "SRV", "222n", true},
    {35, "NAPTR", "22SSSn", true},
    {36, "KX", "2n", true},
    {37, "CERT", NULL, false},
    {CS_TYPE_DNAME, "DNAME", "N", true},
    {CS_TYPE_OPT, "OPT", NULL, false},
    {42, "APL", NULL, false},
    {CS_TYPE_DS, "DS", "2A1X", false},
    {44, "SSHFP", NULL, false},
    {45, "IPSECKEY", NULL, false},
    {CS_TYPE_RRSIG, "RRSIG", "TA14tt2nB", true},
    {CS_TYPE_NSEC, "NSEC", "nM", false},
    {CS_TYPE_DNSKEY, "DNSKEY", "21AB", false},
    {49, "DHCID", NULL, false},
    {CS_TYPE_NSEC3, "NSEC3", "112shM", false},
    {CS_TYPE_NSEC3PARAM, "NSEC3PARAM", "112s", false},
    {52, "TLSA", NULL, false},
    {53, "SMIMEA", NULL, false},
    {55, "HIP", NULL, false},
    {CS_TYPE_CDS, "CDS", "2A1X", false},
    {CS_TYPE_CDNSKEY, "CDNSKEY", "21AB", false},
    {61, "OPENPGPKEY", NULL, false},
    {62, "CSYNC", NULL, false},
    {63, "ZONEMD", NULL, false},
    {64, "SVCB", NULL, false},
    {65, "HTTPS", NULL, false},
    {99, "SPF", "C", false},
    {108, "EUI48", NULL, false},
    {109, "EUI64", NULL, false},
    {249, "TKEY", NULL, false},
    {250, "TSIG", NULL, false},
    {251, "IXFR", NULL, false},
    {252, "AXFR", NULL, false},
    {CS_TYPE_ANY, "ANY", NULL, false},
    {256, "URI", NULL, false},
    {257, "CAA", NULL, false},
};

const cs_rrtype_info *cs_rrtype_info_get(uint16_t type)
{
	for (size_t i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++)
		if (TYPES[i].type == type)
			return &TYPES[i];
	return NULL;
}

const char *cs_rrtype_str(uint16_t type, char buf[16])
{
	const cs_rrtype_info *ti = cs_rrtype_info_get(type);
	if (ti)
		snprintf(buf, 16, "%s", ti->mnemonic);
	else
		snprintf(buf, 16, "TYPE%u", (unsigned)type);
	return buf;
}

/* Parse "PREFIXnnn" into a 16-bit value. */
static bool parse_prefixed(const char *s, size_t len, const char *prefix, uint16_t *out)
{
	size_t p = strlen(prefix);
	if (len <= p || len > p + 5 || strncasecmp(s, prefix, p) != 0)
		return false;
	unsigned long v = 0;
	for (size_t i = p; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > 65535)
		return false;
	*out = (uint16_t)v;
	return true;
}

cs_err cs_rrtype_from_text(const char *s, size_t len, uint16_t *out)
{
	for (size_t i = 0; i < sizeof(TYPES) / sizeof(TYPES[0]); i++) {
		if (strlen(TYPES[i].mnemonic) == len &&
		    strncasecmp(TYPES[i].mnemonic, s, len) == 0) {
			*out = TYPES[i].type;
			return CS_OK;
		}
	}
	return parse_prefixed(s, len, "TYPE", out) ? CS_OK : CS_EUNKNOWN;
}

const char *cs_rrclass_str(uint16_t cls, char buf[16])
{
	if (cls == CS_CLASS_IN)
		snprintf(buf, 16, "IN");
	else if (cls == CS_CLASS_CH)
		snprintf(buf, 16, "CH");
	else if (cls == 4)
		snprintf(buf, 16, "HS");
	else if (cls == CS_CLASS_ANY)
		snprintf(buf, 16, "ANY");
	else
		snprintf(buf, 16, "CLASS%u", (unsigned)cls);
	return buf;
}

cs_err cs_rrclass_from_text(const char *s, size_t len, uint16_t *out)
{
	static const struct {
		const char *m;
		uint16_t v;
	} cls[] = {{"IN", 1}, {"CH", 3}, {"HS", 4}, {"ANY", 255}};
	for (size_t i = 0; i < sizeof(cls) / sizeof(cls[0]); i++) {
		if (strlen(cls[i].m) == len && strncasecmp(cls[i].m, s, len) == 0) {
			*out = cls[i].v;
			return CS_OK;
		}
	}
	return parse_prefixed(s, len, "CLASS", out) ? CS_OK : CS_EUNKNOWN;
}
