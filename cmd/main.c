/*
 * main.c - chainscope's entry point: picks the subcommand, nothing more.
 */
#include "commands.h"
#include "cs_config.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *to)
{
	fputs("usage: chainscope COMMAND [ARGS]\n"
	      "\n"
	      "commands:\n"
	      "  check NAME [TYPE] | --capture FILE [--at TIME] [--json] [--nagios]\n"
	      "                   validate the chain of trust; report findings and fixes\n"
	      "  tui NAME [TYPE] | --capture FILE [--at TIME]   (also: check -i)\n"
	      "                   the interactive terminal inspector\n"
	      "  batch [FILE] [--jobs N] [--resume OUTPUT]\n"
	      "                   check every name of a list; one JSON line per name\n"
	      "  exporter [--listen ADDR:PORT] [--allow REGEX] [--max-probes N]\n"
	      "                   a Prometheus exporter: /probe?target=NAME, /metrics\n"
	      "  probe NAME [TYPE] -o FILE\n"
	      "                   ask every authoritative server on the chain; write a capture\n"
	      "  capture show FILE        print a capture's queries and decoded responses\n"
	      "  capture resave FILE -o OUT  load and save a capture (checks it)\n"
	      "  decode FILE...   print raw DNS wire-format messages in presentation format\n"
	      "  version          print the version\n"
	      "  help             this text\n",
	      to);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CS_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "decode") == 0)
		return cmd_decode(argc - 2, argv + 2);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "batch") == 0)
		return cmd_batch(argc - 1, argv + 1);
	if (strcmp(cmd, "tui") == 0)
		return cmd_tui(argc - 1, argv + 1);
	if (strcmp(cmd, "exporter") == 0)
		return cmd_exporter(argc - 1, argv + 1);
	if (strcmp(cmd, "probe") == 0)
		return cmd_probe(argc - 1, argv + 1);
	if (strcmp(cmd, "capture") == 0)
		return cmd_capture(argc - 2, argv + 2);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("chainscope %s\n", CS_VERSION);
		return CS_EXIT_OK;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return CS_EXIT_OK;
	}
	fprintf(stderr, "chainscope: unknown command '%s'\n", cmd);
	usage(stderr);
	return CS_EXIT_USAGE;
}
