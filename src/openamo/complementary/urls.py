from django.urls import path

from . import portfolio, views, views_flows

app_name = "complementary"
urlpatterns = [
    path("decomptes/<str:reference>/", views.statement, name="statement"),
    path("decomptes/<str:reference>/decompte.pdf", views.statement_download, name="statement_pdf"),
    path("flux/", views_flows.flow_upload, name="flow_upload"),
    path("portefeuille/", portfolio.home, name="portfolio"),
    path("portefeuille/<str:reference>/assures/", portfolio.insured, name="portfolio_insured"),
    path(
        "portefeuille/<str:reference>/decomptes/",
        portfolio.statements,
        name="portfolio_statements",
    ),
    path("mon-espace/", views.insured_claims, name="insured_claims"),
    path("mon-espace/<str:reference>/", views.insured_statement, name="insured_statement"),
    path(
        "mon-espace/<str:reference>/decompte.pdf",
        views.insured_statement_download,
        name="insured_statement_pdf",
    ),
]
