#include "batch_metrics.h"

#include "metrics.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct batch_metrics {
	pthread_mutex_t lock;
	char *path, *tmp;
	FILE *out;			   /* tmp, the file being made */
	FILE *family[CS_METRICS_FAMILIES]; /* each family's samples so far */
	bool failed;			   /* a write failed or memory ran out */
};

batch_metrics *batch_metrics_new(const char *path)
{
	batch_metrics *m = calloc(1, sizeof(*m));
	size_t l = strlen(path);
	if (m == NULL || (m->path = strdup(path)) == NULL || (m->tmp = malloc(l + 16)) == NULL)
		goto nomem;
	snprintf(m->tmp, l + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(m->tmp);
	if (fd < 0 || (m->out = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "chainscope: --metrics: %s: %s\n", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(m->tmp);
		}
		free(m->tmp);
		m->tmp = NULL;
		goto fail;
	}
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	for (unsigned f = 0; f < CS_METRICS_FAMILIES; f++)
		if ((m->family[f] = tmpfile()) == NULL) {
			fprintf(stderr, "chainscope: --metrics: a temporary file: %s\n",
				strerror(errno));
			goto fail;
		}
	if (pthread_mutex_init(&m->lock, NULL) != 0)
		goto fail;
	return m;
nomem:
	fprintf(stderr, "chainscope: --metrics: out of memory\n");
fail:
	if (m != NULL) {
		for (unsigned f = 0; f < CS_METRICS_FAMILIES; f++)
			if (m->family[f] != NULL)
				fclose(m->family[f]);
		if (m->out != NULL) {
			fclose(m->out);
			unlink(m->tmp);
		}
		free(m->tmp);
		free(m->path);
		free(m);
	}
	return NULL;
}

void batch_metrics_add(batch_metrics *m, const cs_name *name, uint16_t type, const cs_analysis *an,
		       const cs_capture *cap, double duration_s)
{
	if (m == NULL)
		return;
	cs_metrics_probe p = {.an = an, .cap = cap, .duration_s = duration_s};
	cs_buf labels, s;
	cs_buf_init(&labels);
	cs_buf_init(&s);
	cs_metrics_query_labels(&labels, name, type);
	const char *l = cs_buf_cstr(&labels);
	pthread_mutex_lock(&m->lock);
	for (unsigned f = 0; f < CS_METRICS_FAMILIES; f++) {
		cs_buf_reset(&s);
		cs_metrics_samples(f, &p, l, &s);
		if (labels.err != CS_OK || s.err != CS_OK ||
		    (s.len > 0 && fwrite(s.data, 1, s.len, m->family[f]) != s.len))
			m->failed = true;
	}
	pthread_mutex_unlock(&m->lock);
	cs_buf_free(&labels);
	cs_buf_free(&s);
}

/* Each family that has samples: its HELP and TYPE lines, then the samples. */
static bool assemble(batch_metrics *m)
{
	cs_buf h;
	cs_buf_init(&h);
	char chunk[8192];
	bool ok = !m->failed;
	for (unsigned f = 0; f < CS_METRICS_FAMILIES && ok; f++) {
		FILE *in = m->family[f];
		if (fflush(in) != 0 || ftell(in) <= 0) {
			ok = !ferror(in);
			continue;
		}
		rewind(in);
		cs_buf_reset(&h);
		cs_metrics_header(f, &h);
		ok = h.err == CS_OK && fputs(cs_buf_cstr(&h), m->out) != EOF;
		size_t n;
		while (ok && (n = fread(chunk, 1, sizeof(chunk), in)) > 0)
			ok = fwrite(chunk, 1, n, m->out) == n;
		ok = ok && !ferror(in);
	}
	cs_buf_free(&h);
	return ok;
}

bool batch_metrics_finish(batch_metrics **pm, bool write)
{
	if (pm == NULL || *pm == NULL)
		return true;
	batch_metrics *m = *pm;
	bool ok = true;
	if (write) {
		ok = assemble(m);
		if (fflush(m->out) != 0 || ferror(m->out))
			ok = false;
	}
	if (fclose(m->out) != 0)
		ok = false;
	if (write && ok && rename(m->tmp, m->path) != 0)
		ok = false;
	if (write && !ok)
		fprintf(stderr, "chainscope: --metrics: %s: %s\n", m->path,
			m->failed ? "out of memory or a temporary file failed" : strerror(errno));
	if (!write || !ok)
		unlink(m->tmp);
	for (unsigned f = 0; f < CS_METRICS_FAMILIES; f++)
		fclose(m->family[f]);
	pthread_mutex_destroy(&m->lock);
	free(m->tmp);
	free(m->path);
	free(m);
	*pm = NULL;
	return ok;
}
