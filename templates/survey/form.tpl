{{%AUTOESCAPE context="HTML"}}<div class="row justify-content-center"><div class="col-lg-8 sv-form">
<h1 class="h3 mb-3" id="sv-title">{{SV_TITLE}}</h1>
<div id="sv-intro">{{#INTRO}}<p class="lead">{{TEXT}}</p>
{{/INTRO}}</div>
{{#PREVIEW}}<div class="alert alert-info" role="note" id="sv-preview">[[sv.form.preview]]</div>
{{/PREVIEW}}<p class="small text-muted"><span class="text-danger" aria-hidden="true">*</span> [[sv.form.required_note]]</p>
{{#ERRORS}}<div class="alert alert-danger" role="alert" id="sv-errors">{{TEXT}}</div>
{{/ERRORS}}<form method="post"{{#LIVE}} action="{{ACTION}}"{{/LIVE}} novalidate id="sv-form">
<input type="hidden" name="_csrf" value="{{CSRF}}">
{{#HIDDEN}}<input type="hidden" name="{{NAME}}" value="{{VALUE}}">
{{/HIDDEN}}{{#HONEYPOT}}<div class="visually-hidden" aria-hidden="true"><label for="sv-website">[[sv.form.honeypot]]</label><input type="text" id="sv-website" name="website" value="" tabindex="-1" autocomplete="off"></div>
{{/HONEYPOT}}{{>FORM_EXTRA}}
{{! The questions: cached HTML rendered from survey/questions.tpl by
    this same code when there are no answers to show (survey.c), else the
    partial itself.  Safe unescaped: it is the output of an autoescaped
    template. }}{{QUESTIONS_HTML:none}}{{>QUESTIONS}}<div class="d-grid my-4">
<button type="submit" class="btn btn-primary btn-lg" id="sv-submit"{{#PREVIEW}} disabled{{/PREVIEW}}>[[sv.form.submit]]</button>
</div>
</form>
</div></div>
