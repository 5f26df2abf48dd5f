/*
 * fuzz_pcap - libFuzzer target for the pcap/pcapng importer (libpcap reads
 * the file; link, IP, UDP, TCP and DNS are parsed by chainscope): a hostile
 * file is imported, the capture exported as pcap and imported again, and
 * analysed at its time.
 */
#include "analyze/analyze.h"
#include "capture/capture.h"
#include "capture/pcap.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[256];
	cs_capture *c = NULL, *back = NULL;
	if (cs_pcap_import(data, size, NULL, 0, &c, msg, sizeof(msg)) != CS_OK)
		return 0;
	cs_buf out;
	cs_buf_init(&out);
	if (cs_pcap_export(c, &out, msg, sizeof(msg)) == CS_OK)
		(void)cs_pcap_import(out.data, out.len, &c->qname, 0, &back, msg, sizeof(msg));
	cs_analyze_opts o;
	cs_analyze_opts_default(&o, c);
	cs_analysis *a = NULL;
	if (cs_analyze(c, &o, &a, msg, sizeof(msg)) == CS_OK)
		cs_analysis_free(&a);
	cs_buf_free(&out);
	cs_capture_free(&back);
	cs_capture_free(&c);
	return 0;
}
