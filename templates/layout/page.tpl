{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · [[app.name]]</title>
<link rel="stylesheet" href="/static/bootstrap5/css/bootstrap.min.css">
<link rel="stylesheet" href="/static/manyi.css">
</head>
<body>
<nav class="navbar navbar-expand navbar-dark bg-primary mb-4 d-print-none">
  <div class="container">
    <a class="navbar-brand" href="{{HOME}}">[[app.name]]</a>
    <ul class="navbar-nav me-auto">
{{#NAV}}      <li class="nav-item"><a class="nav-link{{#ACTIVE}} active{{/ACTIVE}}" href="{{HREF}}">{{LABEL}}</a></li>
{{/NAV}}    </ul>
    {{#SIGNED_IN}}<span class="navbar-text text-white me-2" id="user-name">{{USER_NAME}}</span>
    <a class="btn btn-sm btn-outline-light me-2" href="{{MOUNT}}/password">[[auth.password.nav]]</a>
    <form method="post" action="{{MOUNT}}/logout" class="d-inline me-2">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <button type="submit" class="btn btn-sm btn-light" id="logout">[[auth.logout]]</button>
    </form>{{/SIGNED_IN}}
    <a class="btn btn-sm btn-outline-light" href="{{PATH}}?lang={{OTHER_LANG}}" hreflang="{{OTHER_LANG}}" lang="{{OTHER_LANG}}">{{OTHER_LANG_NAME}}</a>
  </div>
</nav>
<main class="container" id="main">
{{#FLASH}}<div class="alert alert-{{KIND}}" role="status">{{TEXT}}</div>
{{/FLASH}}{{>CONTENT}}
</main>
<footer class="container border-top mt-5 py-3 small text-muted d-print-none">
  <form class="d-flex align-items-center gap-2" method="post" action="{{MOUNT}}/lang">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{PATH}}">
    <label for="lang-choice">[[lang.choose]]</label>
    <select id="lang-choice" name="lang" class="form-select form-select-sm w-auto">
      <option value="zh-CN"{{#IS_ZH}} selected{{/IS_ZH}}>简体中文</option>
      <option value="en"{{#IS_EN}} selected{{/IS_EN}}>English</option>
    </select>
    <button type="submit" class="btn btn-sm btn-outline-secondary">[[lang.switch]]</button>
    <span class="ms-auto">[[app.name]] {{VERSION}}</span>
  </form>
</footer>
</body>
</html>
