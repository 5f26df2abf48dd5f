/*
 * dot_parse.c - reads DOT files back with cgraph (the library chainscope
 * writes them with) and prints, per file, "FILE nodes=N edges=E zones=Z"
 * (Z: subgraphs named cluster_z*). Exit 1 when a file does not parse.
 */
#include <cgraph.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int rc = 0;
	for (int i = 1; i < argc; i++) {
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
		for (Agraph_t *s = agfstsubg(g); s; s = agnxtsubg(s))
			zones += strncmp(agnameof(s), "cluster_z", 9) == 0;
		printf("%s nodes=%d edges=%d zones=%d\n", argv[i], agnnodes(g), agnedges(g), zones);
		agclose(g);
	}
	return rc;
}
