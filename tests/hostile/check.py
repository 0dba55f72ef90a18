#!/usr/bin/env python3
"""check.py - the hostile corpus checker.  Standard library only.

  check.py outputs OUT MD
      every *.xml under OUT and every *.md under MD: well-formed XML with
      the structure RFC 4287 asks of Atom (feeds.opml: well-formed only),
      Markdown with closed, single-level front matter, and nothing
      executable in any HTML they carry.
  check.py listing ROOT FILE
      write a listing of every path under ROOT to FILE.
  check.py escaped BEFORE AFTER ALLOWED...
      fail on any path in AFTER not in BEFORE that is not under an ALLOWED
      prefix, and on any path in BEFORE that vanished.
  check.py expect EXPECTFILE CASE OUT MD STDOUT STDERR
      the outcome EXPECTFILE promises for CASE.
  check.py cases EXPECTFILE
      the case names, one a line; check.py field EXPECTFILE CASE KEY
      prints the values of KEY for CASE.

Diagnostics go to stdout as "# " lines (TAP comments); the exit status is
0 when everything held.
"""
import html
import html.parser
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?"
                     r"(Z|[+-]\d{2}:\d{2})$")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
OK_SCHEMES = ("http", "https", "mailto")
# DESIGN.md's sanitizer keeps http/https images only: no data:image.
BAD_ELEMENTS = {
    "script", "iframe", "object", "embed", "form", "style", "meta", "base",
    "link", "svg", "math", "applet", "frame", "frameset", "noscript",
    "template", "xmp", "plaintext", "title", "textarea", "input", "button",
    "select", "isindex", "portal", "param", "noembed", "noframes", "head",
    "body", "html", "marquee", "set", "animate", "use", "foreignobject",
}
URL_ATTRS = {
    "href", "src", "action", "formaction", "xlink:href", "background",
    "poster", "data", "cite", "srcset", "longdesc", "codebase", "dynsrc",
    "lowsrc", "ping", "manifest", "icon", "profile", "usemap", "classid",
    "archive", "xmlns:xlink", "to", "values", "from", "by",
}
CSS_BAD = re.compile(r"expression\s*\(|url\s*\(|behavior\s*:|-moz-binding|"
                     r"javascript|@import", re.I)

problems = []


def bad(msg):
    problems.append(msg)


def clean_url(v):
    """The scheme a browser would see: entities decoded (twice, to be
    strict), controls and blanks dropped anywhere, lowercased."""
    v = html.unescape(html.unescape(v))
    v = "".join(c for c in v if ord(c) > 0x20 and ord(c) != 0x7f)
    return v.lower()


def check_url(where, name, value):
    u = clean_url(value)
    if name.lower() == "srcset":
        parts = [p.strip().split(" ")[0] for p in u.split(",")]
    else:
        parts = [u]
    for p in parts:
        m = SCHEME.match(p)
        if m and m.group(1) not in OK_SCHEMES:
            bad("%s: %s=%r has scheme %s" % (where, name, value[:80],
                                              m.group(1)))


class HTMLCheck(html.parser.HTMLParser):
    def __init__(self, where):
        super().__init__(convert_charrefs=True)
        self.where = where

    def handle_starttag(self, tag, attrs):
        w = self.where
        if tag.lower() in BAD_ELEMENTS:
            bad("%s: element <%s>" % (w, tag))
        for name, value in attrs:
            name = name.lower()
            value = value or ""
            if name.startswith("on"):
                bad("%s: <%s %s=...> event handler" % (w, tag, name))
            if name in URL_ATTRS or name.endswith(":href"):
                check_url("%s <%s>" % (w, tag), name, value)
            if name == "style" and CSS_BAD.search(html.unescape(value)):
                bad("%s: <%s style=%r>" % (w, tag, value[:80]))
            if name in ("http-equiv", "formaction", "action"):
                bad("%s: <%s %s>" % (w, tag, name))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        bad("%s: comment in sanitized HTML: %r" % (self.where, data[:60]))

    def handle_decl(self, decl):
        bad("%s: declaration in sanitized HTML: %r" % (self.where,
                                                        decl[:60]))

    def unknown_decl(self, data):
        bad("%s: CDATA/markup declaration in sanitized HTML: %r" %
            (self.where, data[:60]))

    def handle_pi(self, data):
        bad("%s: processing instruction in sanitized HTML" % self.where)


def check_html(where, text):
    p = HTMLCheck(where)
    p.feed(text)
    p.close()


def check_xhtml(where, el):
    for e in el.iter():
        tag = e.tag.split("}")[-1]
        if tag.lower() in BAD_ELEMENTS or (
                e.tag.startswith("{") and not e.tag.startswith(XHTML)):
            bad("%s: xhtml element %s" % (where, e.tag))
        for name, value in e.attrib.items():
            local = name.split("}")[-1].lower()
            if local.startswith("on"):
                bad("%s: xhtml event handler %s" % (where, name))
            if local in URL_ATTRS or local == "href":
                check_url(where, local, value)
            if local == "style" and CSS_BAD.search(value):
                bad("%s: xhtml style %r" % (where, value[:80]))


def absolute(u):
    return bool(SCHEME.match(u.lower()))


def check_text_construct(where, el):
    t = el.get("type", "text")
    if t not in ("text", "html", "xhtml"):
        bad("%s: type=%r" % (where, t))
    if t == "html":
        check_html(where, el.text or "")
    elif t == "xhtml":
        divs = list(el)
        if len(divs) != 1 or divs[0].tag != XHTML + "div":
            bad("%s: xhtml content is not one xhtml div" % where)
        for d in divs:
            check_xhtml(where, d)
    elif len(el):
        bad("%s: child elements in a text construct" % where)


def one(where, parent, name):
    found = parent.findall(ATOM + name)
    if len(found) != 1:
        bad("%s: %d <%s> (RFC 4287 wants exactly one)" % (where, len(found),
                                                            name))
        return None
    return found[0]


def check_date(where, el):
    if el is not None and not RFC3339.match((el.text or "").strip()):
        bad("%s: date %r is not RFC 3339" % (where, (el.text or "")[:40]))


def check_links(where, parent):
    for link in parent.findall(ATOM + "link"):
        href = link.get("href")
        if href is None or not absolute(href):
            bad("%s: link href %r not absolute" % (where, href))
        else:
            check_url(where + " link", "href", href)


def check_id(where, el):
    if el is not None:
        v = (el.text or "").strip()
        if not absolute(v) or any(ord(c) <= 0x20 for c in v):
            bad("%s: id %r is not an IRI" % (where, v[:80]))


def check_atom(path, root):
    if root.tag != ATOM + "feed":
        bad("%s: root is %s, not atom:feed" % (path, root.tag))
        return
    check_id(path + " feed", one(path + " feed", root, "id"))
    t = one(path + " feed", root, "title")
    if t is not None:
        check_text_construct(path + " feed title", t)
    check_date(path + " feed updated", one(path + " feed", root, "updated"))
    check_links(path + " feed", root)
    for i, e in enumerate(root.findall(ATOM + "entry")):
        w = "%s entry %d" % (path, i + 1)
        check_id(w, one(w, e, "id"))
        t = one(w, e, "title")
        if t is not None:
            check_text_construct(w + " title", t)
        check_date(w + " updated", one(w, e, "updated"))
        for name in ("published",):
            for d in e.findall(ATOM + name):
                check_date(w + " " + name, d)
        check_links(w, e)
        for name in ("summary", "content"):
            for c in e.findall(ATOM + name):
                if c.get("src") is not None:
                    check_url(w + " content", "src", c.get("src"))
                check_text_construct(w + " " + name, c)
        cs = e.findall(ATOM + "content")
        if len(cs) > 1 or len(e.findall(ATOM + "summary")) > 1:
            bad("%s: more than one content or summary" % w)
        if not cs and not [l for l in e.findall(ATOM + "link")
                           if l.get("rel", "alternate") == "alternate"]:
            bad("%s: neither content nor alternate link" % w)
        for s in e.findall(ATOM + "source"):
            check_links(w + " source", s)
            for st in s.findall(ATOM + "title"):
                check_text_construct(w + " source title", st)


def check_opml(path, root):
    if root.tag != "opml":
        bad("%s: root is %s, not opml" % (path, root.tag))
    for o in root.iter("outline"):
        for a in ("xmlUrl", "htmlUrl"):
            v = o.get(a)
            if v is not None:
                m = SCHEME.match(clean_url(v))
                if not m or m.group(1) not in ("http", "https", "file"):
                    bad("%s: outline %s=%r" % (path, a, v[:80]))


FM_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):( .*)?$")
MD_LINK = re.compile(r"(?<!\\)\]\(\s*<?([^)\s>]*)")
MD_AUTO = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")


MD_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
MD_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
MD_TITLE = re.compile(r'(\]\([^()\s]*\s+)("(?:[^"\\]|\\.)*"|'
                      r"'(?:[^'\\]|\\.)*')\s*\)")
MD_ALT = re.compile(r"!\[((?:[^\]\\]|\\.)*)\]\(")


def md_raw_html(body):
    """What a CommonMark renderer passes through as raw HTML: the body
    without code, backslash escapes, link titles and image alt texts
    (all of which a renderer writes escaped)."""
    body = MD_FENCE.sub("", body)
    body = re.sub(r"\\[!-/:-@\[-`{-~]", "", body)
    body = MD_CODE.sub("", body)
    body = MD_TITLE.sub(lambda m: m.group(1) + ")", body)
    body = MD_ALT.sub("![](", body)
    return body


def check_markdown(path, data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad("%s: not UTF-8: %s" % (path, e))
        return
    for c in text:
        if (ord(c) < 0x20 and c not in "\t\n") or ord(c) == 0x7f or \
                0x80 <= ord(c) <= 0x9f:
            bad("%s: control character U+%04X" % (path, ord(c)))
            break
    lines = text.split("\n")
    if not lines or lines[0] != "---":
        bad("%s: no front matter" % path)
        return
    try:
        end = lines.index("---", 1)
    except ValueError:
        bad("%s: front matter never closed" % path)
        return
    keys = []
    for ln in lines[1:end]:
        if ln.startswith("  - ") or ln.startswith("    "):
            continue
        m = FM_KEY.match(ln)
        if not m:
            bad("%s: front matter line %r" % (path, ln[:80]))
            continue
        keys.append(m.group(1))
        v = (m.group(2) or "").strip()
        if v and not (v.startswith('"') and v.endswith('"') and
                      len(v) >= 2) and not re.match(r"^[\w.:+\- ]*$", v):
            bad("%s: unquoted front matter value %r" % (path, v[:80]))
    for k in set(keys):
        if keys.count(k) > 1:
            bad("%s: front matter key %s twice" % (path, k))
    if "layout" in keys:
        bad("%s: a title injected a front matter key" % path)
    body = "\n".join(lines[end + 1:])
    check_html(path, md_raw_html(body))
    for m in MD_LINK.finditer(body):
        check_url(path + " md link", "href", m.group(1))
    for m in MD_AUTO.finditer(body):
        check_url(path + " autolink", "href", m.group(1))


def xmllint(paths):
    try:
        r = subprocess.run(["xmllint", "--noout", "--huge"] + paths,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except FileNotFoundError:
        return
    if r.returncode != 0:
        bad("xmllint: " + r.stdout.decode("utf-8", "replace")[:400])


def cmd_outputs(out, md):
    xmls = []
    for d, dirs, files in os.walk(out):
        for f in sorted(files):
            p = os.path.join(d, f)
            if os.path.islink(p) or not os.path.isfile(p):
                bad("%s: not a regular file" % p)
                continue
            if f.startswith("."):
                bad("%s: hidden (or temporary) file left behind" % p)
            if not f.endswith(".xml") and not f.endswith(".opml") and \
                    not f.endswith(".html"):
                bad("%s: unexpected file" % p)
                continue
            if f.endswith(".html"):
                continue
            xmls.append(p)
    for p in xmls:
        try:
            root = ET.parse(p).getroot()
        except ET.ParseError as e:
            bad("%s: not well-formed: %s" % (p, e))
            continue
        if p.endswith(".opml"):
            check_opml(p, root)
        else:
            check_atom(p, root)
    if xmls:
        xmllint(xmls)
    if md and os.path.isdir(md):
        for d, dirs, files in os.walk(md):
            for f in sorted(files):
                p = os.path.join(d, f)
                if d != md:
                    bad("%s: Markdown below the export directory" % p)
                if f.startswith(".") or not f.endswith(".md") or \
                        os.path.islink(p):
                    bad("%s: bad Markdown file name" % p)
                    continue
                with open(p, "rb") as fh:
                    check_markdown(p, fh.read())


def listing(root):
    got = set()
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            got.add(os.path.relpath(os.path.join(d, n), root))
    return got


def cmd_escaped(before, after, allowed):
    with open(before, encoding="utf-8", errors="surrogateescape") as f:
        b = set(f.read().split("\n")) - {""}
    with open(after, encoding="utf-8", errors="surrogateescape") as f:
        a = set(f.read().split("\n")) - {""}
    for p in sorted(a - b):
        if not any(p == x or p.startswith(x + "/") for x in allowed):
            bad("new path outside the output directories: %s" % p)
    for p in sorted(b - a):
        bad("path vanished: %s" % p)


def expectations(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for ln in f:
            ln = ln.strip()
            if not ln or ln.startswith("#"):
                continue
            words = shlex.split(ln)
            kv = []
            for w in words[1:]:
                k, _, v = w.partition("=")
                kv.append((k, v))
            cases.append((words[0], kv))
    return cases


def find_case(path, name):
    for n, kv in expectations(path):
        if n == name:
            return kv
    raise SystemExit("no case %s in %s" % (name, path))


def entry_titles(root):
    out = []
    for e in root.findall(ATOM + "entry"):
        t = e.find(ATOM + "title")
        out.append("".join(t.itertext()) if t is not None else None)
    return out


def cmd_expect(expfile, case, out, md, stdout, stderr):
    kv = find_case(expfile, case)
    with open(stdout, encoding="utf-8", errors="replace") as f:
        so = f.read()
    with open(stderr, encoding="utf-8", errors="replace") as f:
        se = f.read()
    summary = re.findall(r"feeds: (\d+) ok, (\d+) failed, \d+ not modified; "
                         r"entries: (\d+) new, (\d+) updated", so)
    last = summary[-1] if summary else None
    atom = os.path.join(out, "atom.xml")
    root = None
    raw = b""
    if os.path.exists(atom):
        with open(atom, "rb") as f:
            raw = f.read()
        try:
            root = ET.fromstring(raw)
        except ET.ParseError:
            pass
    allraw = []
    for d in (out, md):
        for dd, _, files in os.walk(d):
            for fn in files:
                with open(os.path.join(dd, fn), "rb") as f:
                    allraw.append((os.path.join(dd, fn), f.read()))
    for k, v in kv:
        if k in ("feeds", "conf"):
            continue
        if k in ("ok", "failed", "new", "updated"):
            i = ("ok", "failed", "new", "updated").index(k)
            if last is None or int(last[i]) != int(v):
                bad("%s: wanted %s=%s, summary says %s" % (case, k, v,
                                                          last))
        elif k == "entries":
            n = len(root.findall(ATOM + "entry")) if root is not None else -1
            if n != int(v):
                bad("%s: atom.xml has %d entries, wanted %s" % (case, n, v))
        elif k == "title":
            if root is None or v not in entry_titles(root):
                bad("%s: no entry titled %r" % (case, v[:80]))
        elif k == "notitle":
            if root is not None and v in entry_titles(root):
                bad("%s: an entry is titled %r" % (case, v[:80]))
        elif k == "has":
            if v.encode() not in raw:
                bad("%s: atom.xml lacks %r" % (case, v))
        elif k == "lacks":
            for p, data in allraw:
                if v.encode().lower() in data.lower():
                    bad("%s: %s holds %r" % (case, p, v))
        elif k == "err":
            if v not in se:
                bad("%s: stderr lacks %r" % (case, v))
        elif k == "noerr":
            if se.strip():
                bad("%s: unexpected stderr %r" % (case, se[:200]))
        elif k == "md":
            n = len([f for f in os.listdir(md) if f.endswith(".md")]) \
                if os.path.isdir(md) else 0
            if n != int(v):
                bad("%s: %d Markdown files, wanted %s" % (case, n, v))
        elif k == "tagfile":
            if not os.path.isfile(os.path.join(out, "tags", v)):
                bad("%s: no tags/%s" % (case, v))
        elif k == "tagfiles":
            td = os.path.join(out, "tags")
            n = len(os.listdir(td)) if os.path.isdir(td) else 0
            if n != int(v):
                bad("%s: %d tag files, wanted %s" % (case, n, v))
        elif k == "maxsize":
            for p, data in allraw:
                if len(data) > int(v):
                    bad("%s: %s is %d bytes, over %s" % (case, p, len(data),
                                                         v))
        else:
            bad("%s: unknown expectation %s" % (case, k))


def main(argv):
    if argv[1] == "outputs":
        cmd_outputs(argv[2], argv[3] if len(argv) > 3 else None)
    elif argv[1] == "listing":
        with open(argv[3], "w", encoding="utf-8",
                  errors="surrogateescape") as f:
            f.write("\n".join(sorted(listing(argv[2]))) + "\n")
    elif argv[1] == "escaped":
        cmd_escaped(argv[2], argv[3], argv[4:])
    elif argv[1] == "expect":
        cmd_expect(*argv[2:8])
    elif argv[1] == "cases":
        for n, _ in expectations(argv[2]):
            print(n)
        return 0
    elif argv[1] == "field":
        for k, v in find_case(argv[2], argv[3]):
            if k == argv[4]:
                print(v)
        return 0
    else:
        raise SystemExit("usage: see the top of check.py")
    for p in problems[:40]:
        print("# " + p.replace("\n", " "))
    if len(problems) > 40:
        print("# ... and %d more" % (len(problems) - 40))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
