/*
 * dot_parse.c - reads DOT files back with cgraph (the library chainscope
 * writes them with) and prints, per file, "FILE nodes=N edges=E zones=Z"
 * (Z: subgraphs named cluster_z*). Exit 1 when a file does not parse.
 * With --edges first, it also prints "node ID" for every node and
 * "edge TAIL HEAD COLOR STYLE" for every edge (COLOR and STYLE "-" when
 * unset), and "label NAME TEXT" for every node and cluster (TEXT with
 * newlines written as \n), for tests that follow paths through the
 * picture and look at what each node says.
 */
#include <cgraph.h>

#include <stdio.h>
#include <string.h>

static void print_label(const char *name, const char *label)
{
	printf("label %s ", name);
	for (const char *p = label ? label : ""; *p; p++)
		if (*p == '\n')
			fputs("\\n", stdout);
		else
			putchar(*p);
	putchar('\n');
}

int main(int argc, char **argv)
{
	int rc = 0;
	int first = 1;
	int edges = argc > 1 && strcmp(argv[1], "--edges") == 0;
	if (edges)
		first = 2;
	for (int i = first; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		if (f == NULL) {
			perror(argv[i]);
			rc = 1;
			continue;
		}
		Agraph_t *g = agread(f, NULL);
		fclose(f);
		if (g == NULL) {
			fprintf(stderr, "%s: cgraph cannot read it\n", argv[i]);
			rc = 1;
			continue;
		}
		int zones = 0;
		for (Agraph_t *s = agfstsubg(g); s; s = agnxtsubg(s)) {
			zones += strncmp(agnameof(s), "cluster_z", 9) == 0;
			if (edges && strncmp(agnameof(s), "cluster_z", 9) == 0)
				print_label(agnameof(s), agget(s, (char *)"label"));
		}
		printf("%s nodes=%d edges=%d zones=%d\n", argv[i], agnnodes(g), agnedges(g), zones);
		for (Agnode_t *n = agfstnode(g); n && edges; n = agnxtnode(g, n)) {
			printf("node %s\n", agnameof(n));
			print_label(agnameof(n), agget(n, (char *)"label"));
			for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e)) {
				char *c = agget(e, (char *)"color");
				char *s = agget(e, (char *)"style");
				printf("edge %s %s %s %s\n", agnameof(agtail(e)),
				       agnameof(aghead(e)), c && *c ? c : "-", s && *s ? s : "-");
			}
		}
		agclose(g);
	}
	return rc;
}
