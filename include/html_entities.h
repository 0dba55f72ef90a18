/*
 * html_entities.h - the HTML named character references that turn up in
 * feeds and web pages (all of HTML 4 plus the common HTML5 names), for
 * repairing or decoding text that uses them.
 */
#ifndef HTML_ENTITIES_H
#define HTML_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

#define HTML_ENTITY_NAMEMAX	16	/* longest name in the table */

/*
 * Look up the entity name[0..len) (no '&', no ';'; case matters, as in
 * HTML).  Returns 1 with its code point in *cp, or 0 (*cp untouched) for
 * a name the table does not have.  Every name in the table stands for
 * exactly one code point, never U+0000.
 */
int	 html_entity_lookup(const char *name, size_t len, uint32_t *cp);

#endif
