{#- PDF cover (print-site's add_cover_page): title, description, export date, published address
    (SITE_URL; none when the export was not given one: never the local build address), licence. -#}
{%- set zh = config.theme.language == "zh" -%}
<div class="opskb-cover">
  <h1>{{ config.site_name }}</h1>
  <p class="opskb-cover__description">{{ config.site_description }}</p>
  <table>
    <tr><td>{{ "语言" if zh else "Language" }}</td><td>{{ "简体中文" if zh else "English" }}</td></tr>
    <tr><td>{{ "导出日期" if zh else "Exported" }}</td><td>{{ config.extra.export_date }}</td></tr>
    {%- if config.extra.export_site_url %}
    <tr><td>{{ "网站" if zh else "Website" }}</td><td><a href="{{ config.extra.export_site_url }}">{{ config.extra.export_site_url }}</a></td></tr>
    {%- endif %}
    <tr><td>{{ "许可" if zh else "Licence" }}</td><td>{{ config.copyright }}</td></tr>
  </table>
</div>
