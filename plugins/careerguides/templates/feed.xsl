<?xml version="1.0" encoding="UTF-8"?>
<!-- Shown when a person opens an Atom or RSS feed in a browser: what a feed is, how to subscribe,
     and the latest items. Feed readers ignore it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat"/>
  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="home" select="/atom:feed/atom:link[@rel='alternate']/@href | /rss/channel/link"/>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <style>
          body { font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                 max-width: 42rem; margin: 0 auto; padding: 1.5rem 1rem; color: #1a1a1a; background: #fff; }
          .note { background: #eef4ff; border: 1px solid #b8cdf5; border-radius: .5rem; padding: .75rem 1rem; }
          code { background: #f1f1f1; padding: .1rem .3rem; border-radius: .25rem; word-break: break-all; }
          a { color: #0b57d0; }
          li { margin: .75rem 0; }
          .date { color: #555; font-size: .9rem; }
          @media (prefers-color-scheme: dark) {
            body { color: #eee; background: #121212; }
            .note { background: #16233b; border-color: #35507f; }
            code { background: #2a2a2a; }
            a { color: #8ab4f8; } .date { color: #bbb; }
          }
        </style>
      </head>
      <body>
        <main>
          <p class="note"><strong>This is a web feed.</strong> Feed readers check it for new
            articles so you never miss one. To subscribe, copy this page's address from the
            address bar into your feed reader (for example NetNewsWire, Feedly, Inoreader or
            Thunderbird). Nothing else is needed: no account, no email address.</p>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="/atom:feed/atom:subtitle | /rss/channel/description"/>
            <xsl:text> </xsl:text><a href="{$home}">Visit the site</a>.</p>
          <h2>Latest</h2>
          <ul>
            <xsl:for-each select="/atom:feed/atom:entry">
              <li><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a><br/>
                <span class="date">Updated <xsl:value-of select="substring(atom:updated, 1, 10)"/></span></li>
            </xsl:for-each>
            <xsl:for-each select="/rss/channel/item">
              <li><a href="{link}"><xsl:value-of select="title"/></a><br/>
                <span class="date"><xsl:value-of select="pubDate"/></span></li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
