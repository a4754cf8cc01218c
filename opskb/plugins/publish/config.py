from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PublishConfig(Config):
    # Files served from the site instead of a CDN: site path -> file under node_modules/.
    vendor = c.Type(dict, default={})
    # The offline copy's Web Worker shim (one of the vendored files), instead of unpkg's.
    offline_worker_shim = c.Type(str, default="assets/vendor/iframe-worker/shim.js")
    # The site's own asset folders and the files in them that get content-hashed names.
    fingerprint = c.Type(dict, default={})
    # The nginx include with the inline scripts' CSP hashes, at the root of the site.
    csp_file = c.Type(str, default="csp.conf")
