#include "output.h"

#include "graph.h"
#include "html.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static cs_err render(cmd_reporter *r, const cs_analysis *an, const cs_capture *cap,
		     const char *format, FILE *f, char *msg, size_t len)
{
	if (r->gv == NULL && (r->gv = cs_graphviz_new()) == NULL) {
		snprintf(msg, len, "cannot start Graphviz");
		return CS_ENOMEM;
	}
	if (strcmp(format, "html") == 0)
		return cs_render_html(r->gv, an, cap, &r->opts, f, msg, len);
	return cs_render_graph(r->gv, an, cap, format, &r->opts, f, msg, len);
}

void cmd_reporter_free(cmd_reporter *r)
{
	cs_graphviz_free(&r->gv);
}

bool cmd_write_report(cmd_reporter *r, const cs_analysis *an, const cs_capture *cap,
		      const char *format, const char *path)
{
	char msg[600] = "";
	if (strcmp(path, "-") == 0) {
		if (render(r, an, cap, format, stdout, msg, sizeof(msg)) != CS_OK) {
			fprintf(stderr, "chainscope: --%s: %s\n", format, msg);
			return false;
		}
		return fflush(stdout) == 0;
	}
	size_t l = strlen(path);
	char *tmp = malloc(l + 16);
	if (tmp == NULL)
		return false;
	snprintf(tmp, l + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (f == NULL) {
		fprintf(stderr, "chainscope: --%s: %s: %s\n", format, path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return false;
	}
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	bool ok = true;
	if (render(r, an, cap, format, f, msg, sizeof(msg)) != CS_OK) {
		fprintf(stderr, "chainscope: --%s: %s\n", format, msg);
		ok = false;
	}
	if (fflush(f) != 0 || ferror(f)) {
		if (ok)
			fprintf(stderr, "chainscope: --%s: %s: %s\n", format, path,
				strerror(errno));
		ok = false;
	}
	if (fclose(f) != 0 && ok) {
		fprintf(stderr, "chainscope: --%s: %s: %s\n", format, path, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, path) != 0) {
		fprintf(stderr, "chainscope: --%s: %s: %s\n", format, path, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}
