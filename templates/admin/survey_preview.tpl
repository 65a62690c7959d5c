{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[sv.design.breadcrumb]]">
  <ol class="breadcrumb">
    <li class="breadcrumb-item"><a href="{{MOUNT}}/surveys">[[sv.design.list.title]]</a></li>
    <li class="breadcrumb-item"><a href="{{SURVEY_URL}}">{{SURVEY_TITLE}}</a></li>
    <li class="breadcrumb-item active" aria-current="page">[[sv.design.preview.title]]</li>
  </ol>
</nav>
<div class="d-flex flex-wrap align-items-center gap-2 mb-3 border-bottom pb-2" id="preview-bar">
  <span class="me-auto small text-muted">{{STATUS_NAME}} · [[sv.design.field.version]] {{VERSION}}</span>
  <span class="small">[[sv.design.preview.language]]</span>
  <a class="btn btn-sm {{#IN_ZH}}btn-secondary{{/IN_ZH}}{{#IN_EN}}btn-outline-secondary{{/IN_EN}}" href="{{PREVIEW_URL}}?lang=zh-CN" lang="zh-CN" id="preview-zh">中文</a>
  <a class="btn btn-sm {{#IN_EN}}btn-secondary{{/IN_EN}}{{#IN_ZH}}btn-outline-secondary{{/IN_ZH}}" href="{{PREVIEW_URL}}?lang=en" lang="en" id="preview-en">English</a>
  <a class="btn btn-sm btn-outline-primary" href="{{SURVEY_URL}}">[[sv.design.back]]</a>
</div>
{{#NO_ENGLISH}}<div class="alert alert-secondary small" role="note" id="preview-no-english">[[sv.design.preview.no_english]]</div>{{/NO_ENGLISH}}
{{#NO_QUESTIONS}}<div class="alert alert-warning" role="note" id="preview-no-questions">[[sv.design.view.no_questions]]</div>{{/NO_QUESTIONS}}
<div class="border rounded p-3 bg-light" id="preview">
{{>SURVEY_FORM}}
</div>
{{#THANKS}}<h2 class="h6 mt-4">[[sv.design.preview.thanks]]</h2>
<div class="border rounded p-3" id="preview-thanks" style="white-space: pre-line">{{TEXT}}</div>{{/THANKS}}
