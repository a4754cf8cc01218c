# The built site served by nginx (deploy/nginx.conf).
# Build the site first (SITE_URL = the address it will be served at), then the image:
#   SITE_URL=https://docs.example.org/ scripts/build
#   docker build -t ops-kb . && docker run --rm -p 8080:80 ops-kb
# Optional: scripts/export && mkdir -p site/downloads && cp dist/* site/downloads/
# nginx.org's stable line (1.30) on Debian 13 (trixie), pinned to a full version; move to the
# newest 1.30.x tag on Docker Hub (library/nginx) when rebuilding, and to the next stable line
# (1.32, expected April 2027) when 1.30 ends. deploy/nginx.conf needs nothing newer than the
# 1.22 that tests/test_publishing.py runs it with.
FROM nginx:1.30.6-trixie
COPY deploy/nginx.conf /etc/nginx/nginx.conf
COPY site/ /usr/share/nginx/html/
# The SHA-256 hashes of this build's inline scripts (the opskb/publish plugin), included by nginx.conf
# in its Content-Security-Policy; moved out of the served files.
RUN mv /usr/share/nginx/html/csp.conf /etc/nginx/csp.conf
EXPOSE 80
