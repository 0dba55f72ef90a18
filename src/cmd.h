/*
 * cmd.h - the feedctl command table: one entry per subcommand, each in
 * its own cmd_*.c file.
 */
#ifndef CMD_H
#define CMD_H

/* Exit statuses, as git and systemctl use them. */
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

struct cmd {
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*summary;	/* one line for `feedctl --help` */
	int		(*run)(int argc, char **argv);
};

extern const struct cmd	cmd_parse;

/* Print "usage: feedctl NAME USAGE" to stderr. */
void	cmd_usage(const struct cmd *);

#endif
