# The built site served by nginx (deploy/nginx.conf).
# Build the site first (SITE_URL = the address it will be served at), then the image:
#   SITE_URL=https://docs.example.org/ scripts/build
#   docker build -t ops-kb . && docker run --rm -p 8080:80 ops-kb
# Optional: scripts/export && mkdir -p site/downloads && cp dist/* site/downloads/
FROM nginx:1.27.5-bookworm
COPY deploy/nginx.conf /etc/nginx/nginx.conf
COPY site/ /usr/share/nginx/html/
# The SHA-256 hashes of this build's inline scripts (the opskb/publish plugin), included by nginx.conf
# in its Content-Security-Policy; moved out of the served files.
RUN mv /usr/share/nginx/html/csp.conf /etc/nginx/csp.conf
EXPOSE 80
