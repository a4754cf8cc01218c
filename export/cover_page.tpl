{#- PDF cover (print-site's add_cover_page): title, language, build date. -#}
{%- set zh = config.theme.language == "zh" -%}
<div class="ops-kb-cover">
  <h1>{{ config.site_name }}</h1>
  <p class="ops-kb-cover__description">{{ config.site_description }}</p>
  <table>
    <tr><td>{{ "语言" if zh else "Language" }}</td><td>{{ "简体中文" if zh else "English" }}</td></tr>
    <tr><td>{{ "生成日期" if zh else "Built" }}</td><td>{{ config.extra.export_date }}</td></tr>
    <tr><td>{{ "网站" if zh else "Website" }}</td><td><a href="{{ config.site_url }}">{{ config.site_url }}</a></td></tr>
    <tr><td>{{ "许可" if zh else "Licence" }}</td><td>{{ config.copyright }}</td></tr>
  </table>
</div>
