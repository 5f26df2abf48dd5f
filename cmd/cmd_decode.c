#include "commands.h"

#include "base/arena.h"
#include "base/buf.h"
#include "dns/msg.h"
#include "text/rdata_text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_PACKET 65535

static int decode_one(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "chainscope: %s: %s\n", path, strerror(errno));
		return CS_EXIT_NOINPUT;
	}
	static const size_t cap = MAX_PACKET + 1;
	unsigned char pkt[MAX_PACKET + 1];
	size_t len = fread(pkt, 1, cap, f);
	int rd_err = ferror(f);
	if (f != stdin)
		fclose(f);
	if (rd_err) {
		fprintf(stderr, "chainscope: %s: read error\n", path);
		return CS_EXIT_NOINPUT;
	}
	if (len > MAX_PACKET) {
		fprintf(stderr, "chainscope: %s: larger than a DNS message (65535 octets)\n", path);
		return CS_EXIT_DATAERR;
	}
	cs_arena a;
	cs_arena_init(&a);
	cs_msg m;
	size_t off = 0;
	cs_err err = cs_msg_parse(pkt, len, &a, &m, &off);
	if (err != CS_OK) {
		fprintf(stderr, "chainscope: %s: malformed DNS message at offset %zu: %s\n", path,
			off, cs_strerror(err));
		cs_arena_clear(&a);
		return CS_EXIT_DATAERR;
	}
	cs_buf out;
	cs_buf_init(&out);
	cs_msg_to_text(&m, &out);
	fputs(cs_buf_cstr(&out), stdout);
	int rc = out.err == CS_OK ? CS_EXIT_OK : CS_EXIT_SOFTWARE;
	cs_buf_free(&out);
	cs_arena_clear(&a);
	return rc;
}

int cmd_decode(int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "usage: chainscope decode FILE...\n");
		return CS_EXIT_USAGE;
	}
	int worst = CS_EXIT_OK;
	for (int i = 0; i < argc; i++) {
		int rc = decode_one(argv[i]);
		if (rc > worst)
			worst = rc;
	}
	return worst;
}
