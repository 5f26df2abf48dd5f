/*
 * fuzz_dnsviz - libFuzzer target for the DNSViz probe importer: a hostile
 * probe file is imported, the capture it gives is saved, loaded back (what
 * we write, we must read), exported as a DNSViz probe and imported again,
 * and analysed at its time.
 */
#include "analyze/analyze.h"
#include "capture/capture.h"
#include "capture/dnsviz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[256];
	cs_capture *c = NULL, *again = NULL, *back = NULL;
	if (cs_dnsviz_import((const char *)data, size, NULL, 0, &c, msg, sizeof(msg)) != CS_OK)
		return 0;
	char *json = cs_capture_to_json(c);
	if (json && cs_capture_from_json(json, strlen(json), &again, msg, sizeof(msg)) != CS_OK)
		abort();
	char *dv = cs_dnsviz_export(c);
	if (dv &&
	    cs_dnsviz_import(dv, strlen(dv), &c->qname, c->qtype, &back, msg, sizeof(msg)) != CS_OK)
		abort(); /* an export must import */
	cs_analyze_opts o;
	cs_analyze_opts_default(&o, c);
	cs_analysis *a = NULL;
	if (cs_analyze(c, &o, &a, msg, sizeof(msg)) == CS_OK)
		cs_analysis_free(&a);
	free(json);
	free(dv);
	cs_capture_free(&back);
	cs_capture_free(&again);
	cs_capture_free(&c);
	return 0;
}
