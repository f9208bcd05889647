import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IssueMarkdown } from "@/components/issues/issue-markdown";

const render = (source: string) => renderToStaticMarkup(createElement(IssueMarkdown, { source }));

describe("an issue's description", () => {
  it("renders Markdown: emphasis, links, lists and code blocks", () => {
    const html = render("**Error:** boom\n\n- [docs](https://example.com/a?b=1)\n\n```\nat handler (app.js:3)\n```");
    expect(html).toContain("<strong>Error:</strong> boom");
    expect(html).toMatch(/<a [^>]*href="https:\/\/example.com\/a\?b=1"[^>]*>docs<\/a>/);
    expect(html).toMatch(/<li[^>]*>.*docs.*<\/li>/);
    expect(html).toMatch(/<pre[^>]*><code[^>]*>at handler \(app.js:3\)\n<\/code><\/pre>/);
  });

  it("shows a <script> tag as text and never runs it", () => {
    const html = render("Before\n\n<script>alert(1)</script>\n\nAfter <script>alert(2)</script>");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("After &lt;script&gt;alert(2)&lt;/script&gt;");
  });

  it("shows raw HTML as text, so no element or event handler written in it is rendered", () => {
    const html = render('<img src="x" onerror="alert(1)">\n\n<a href="https://evil.example">click</a> <iframe src="https://evil.example"></iframe> <b>bold</b>');
    expect(html).not.toMatch(/<(img|iframe|b)[\s>]/i);
    expect(html).not.toMatch(/<a [^>]*evil/);
    expect(html).not.toMatch(/<[a-z][^>]*\sonerror=/i);
    expect(html).toContain("&lt;iframe");
  });

  it("drops the URL of javascript:, data: and vbscript: links and images, keeping their text", () => {
    const html = render(
      "[one](javascript:alert(1)) [two](JAVASCRIPT:alert(2)) [three](data:text/html,<script>alert(3)</script>) [four](vbscript:msgbox) ![pic](javascript:alert(5)) <javascript:alert(6)>",
    );
    expect(html).not.toMatch(/(href|src)="\s*(javascript|vbscript|data):/i);
    expect(html).not.toMatch(/<a [^>]*>(one|two|three|four)<\/a>/);
    expect(html).toMatch(/<span>one<\/span> <span>two<\/span> <span>three<\/span> <span>four<\/span>/);
    expect(html).toMatch(/<img [^>]*alt="pic"/);
    expect(html).not.toMatch(/<img [^>]*src=/);
  });

  it("keeps relative links, http(s) and mailto", () => {
    const html = render("[error](/projects/shop/error-tracking/4) [mail](mailto:dev@example.com) [site](http://example.com)");
    expect(html).toContain('href="/projects/shop/error-tracking/4"');
    expect(html).toContain('href="mailto:dev@example.com"');
    expect(html).toContain('href="http://example.com"');
  });
});
