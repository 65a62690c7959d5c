{{%AUTOESCAPE context="HTML"}}<nav aria-label="[[pager.nav]]" class="d-print-none">
  <ul class="pagination">
    {{#PREV}}<li class="page-item"><a class="page-link" href="{{HREF}}" rel="prev">[[pager.prev]]</a></li>{{/PREV}}
    <li class="page-item disabled"><span class="page-link">{{PAGE_OF}}</span></li>
    {{#NEXT}}<li class="page-item"><a class="page-link" href="{{HREF}}" rel="next">[[pager.next]]</a></li>{{/NEXT}}
  </ul>
</nav>
