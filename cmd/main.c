/*
 * main.c - chainscope's entry point: picks the subcommand, answers --help
 * and --version.
 */
#include "cli_table.h"
#include "commands.h"
#include "cs_config.h"
#include "dnssec/crypto.h"
#include "graph.h"
#include "probe/net.h"
#include "tui.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *to)
{
	fputs("usage: chainscope COMMAND [ARGS]   (chainscope COMMAND --help: its options)\n"
	      "\n"
	      "commands:\n",
	      to);
	for (size_t i = 0; i < cli_ncommands; i++) {
		const cli_command *c = &cli_commands[i];
		size_t n = strcspn(c->usage, "\n");
		fprintf(to, "  %s %.*s\n", c->name, (int)n, c->usage);
	}
}

/* chainscope version: ours and the libraries' (as they run, not as built). */
static int version(void)
{
	char gv[64];
	cs_graph_graphviz_version(gv, sizeof(gv));
	printf("chainscope %s\n"
	       "c-ares %s\n"
	       "%s\n"
	       "Graphviz %s\n"
	       "%s\n",
	       CS_VERSION, cs_net_cares_version(), cs_crypto_openssl_version(), gv,
	       cs_tui_ncurses_version());
	return fflush(stdout) == 0 ? CS_EXIT_OK : CS_EXIT_SOFTWARE;
}

static int help(int argc, char **argv)
{
	if (argc == 0) {
		usage(stdout);
		return CS_EXIT_OK;
	}
	const cli_command *c = cli_command_find(argv[0]);
	if (c == NULL) {
		fprintf(stderr, "chainscope: no command '%s'\n", argv[0]);
		usage(stderr);
		return CS_EXIT_USAGE;
	}
	cli_print_help(c, stdout);
	return CS_EXIT_OK;
}

static int completion(int argc, char **argv)
{
	if (argc != 1 || !cli_write_completion(argv[0], stdout)) {
		fputs("usage: chainscope completion bash|zsh\n", stderr);
		return CS_EXIT_USAGE;
	}
	return fflush(stdout) == 0 ? CS_EXIT_OK : CS_EXIT_SOFTWARE;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CS_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0)
		return version();
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return help(0, NULL);
	const cli_command *c = cli_command_find(cmd);
	if (c == NULL) {
		fprintf(stderr, "chainscope: unknown command '%s'\n", cmd);
		usage(stderr);
		return CS_EXIT_USAGE;
	}
	if (c->bit != CLI_HELP && cli_wants_help(c, argc - 2, argv + 2)) {
		cli_print_help(c, stdout);
		return fflush(stdout) == 0 ? CS_EXIT_OK : CS_EXIT_SOFTWARE;
	}
	switch (c->bit) {
	case CLI_DECODE:
		return cmd_decode(argc - 2, argv + 2);
	case CLI_CHECK:
		return cmd_check(argc - 1, argv + 1);
	case CLI_BATCH:
		return cmd_batch(argc - 1, argv + 1);
	case CLI_TUI:
		return cmd_tui(argc - 1, argv + 1);
	case CLI_EXPORTER:
		return cmd_exporter(argc - 1, argv + 1);
	case CLI_PROBE:
		return cmd_probe(argc - 1, argv + 1);
	case CLI_CAPTURE:
		return cmd_capture(argc - 2, argv + 2);
	case CLI_VERSION:
		return version();
	case CLI_COMPLETION:
		return completion(argc - 2, argv + 2);
	default:
		return help(argc - 2, argv + 2);
	}
}
