from django.urls import path

from services import views

app_name = "services"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.home, name="home"),
    path("colleagues/", views.add_colleague, name="add_colleague"),
    path("colleagues/<int:user_id>/remove/", views.remove_colleague, name="remove_colleague"),
    path("enterprises/", views.enterprises, name="enterprises"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("claims/<int:pk>/decide/", views.decide_claim, name="decide_claim"),
    path("issues/", views.issues, name="issues"),
    path("issues/new/", views.issue_new, name="issue_new"),
    path("issues/board/", views.board, name="board"),
    path("issues/<int:pk>/", views.issue_detail, name="issue"),
    path("issues/<int:pk>/route/", views.issue_route, name="issue_route"),
    path("issues/<int:pk>/accept/", views.issue_accept, name="issue_accept"),
    path("issues/<int:pk>/refuse/", views.issue_refuse, name="issue_refuse"),
    path("issues/<int:pk>/transfer/", views.issue_transfer, name="issue_transfer"),
    path("issues/<int:pk>/extend/", views.issue_extend, name="issue_extend"),
    path("issues/<int:pk>/answer/", views.issue_answer, name="issue_answer"),
    path("issues/<int:pk>/confirm/", views.issue_confirm, name="issue_confirm"),
    path("issues/<int:pk>/reopen/", views.issue_reopen, name="issue_reopen"),
    path("issues/<int:pk>/withdraw/", views.issue_withdraw, name="issue_withdraw"),
    path("issues/<int:pk>/note/", views.issue_note, name="issue_note"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
    path("partners/<int:pk>/end/", views.partner_end, name="partner_end"),
    path("roundtables/", views.roundtables, name="roundtables"),
    path("roundtables/<int:pk>/", views.roundtable_detail, name="roundtable"),
    path("roundtables/<int:pk>/topics/", views.roundtable_topic, name="roundtable_topic"),
    path("roundtables/<int:pk>/items/", views.roundtable_item, name="roundtable_item"),
    path("roundtables/<int:pk>/minutes.docx", views.roundtable_minutes, name="roundtable_minutes"),
]
