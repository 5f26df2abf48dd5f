/*
 * fuzz_capture - libFuzzer target for the capture loader and everything a
 * hostile capture file reaches: the JSON is loaded, saved and loaded again
 * (the two saves must be identical), then analysed at the capture's time.
 */
#include "analyze/analyze.h"
#include "capture/capture.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[256];
	cs_capture *c = NULL;
	if (cs_capture_from_json((const char *)data, size, &c, msg, sizeof(msg)) != CS_OK)
		return 0;
	char *once = cs_capture_to_json(c);
	cs_capture *again = NULL;
	if (once != NULL) {
		if (cs_capture_from_json(once, strlen(once), &again, msg, sizeof(msg)) != CS_OK)
			abort(); /* what we write, we must read */
		char *twice = cs_capture_to_json(again);
		if (twice != NULL && strcmp(once, twice) != 0)
			abort();
		free(twice);
	}
	cs_analyze_opts o;
	cs_analyze_opts_default(&o, c);
	cs_analysis *a = NULL;
	if (cs_analyze(c, &o, &a, msg, sizeof(msg)) == CS_OK)
		cs_analysis_free(&a);
	free(once);
	cs_capture_free(&again);
	cs_capture_free(&c);
	return 0;
}
