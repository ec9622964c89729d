"""Re-create the generated sample referential files: medicaments.csv and prestataires.csv.

Sample data only (données d'exemple), not an official referential: see sample/README.md.
Pure standard library and deterministic: running it twice gives the same bytes. It computes what
must be exact in these files: EAN-13 check digits, RIB keys (the 24 digits divisible by 97),
unique INPE, and the PBR of each generic group (the price of its cheapest generic, per date).

    python src/openamo/referentials/data/build_sample.py
"""

import csv
import io
from datetime import date, timedelta
from pathlib import Path

SAMPLE = Path(__file__).parent / "sample"

# ---------------------------------------------------------------------------------------------
# Medicines
# ---------------------------------------------------------------------------------------------
# A group line:   @CODE|DCI|dosage|forme|présentation[|non]   ("non": not reimbursable)
# A product line: nom commercial|laboratoire|P or G|ppv[|date=ppv ...]
#   P = princeps (brand), G = generic; later "date=ppv" items are price changes.
# Brands marked P are the real originator brands; generics are named "DCI + laboratoire"
# (Moroccan laboratories). All prices are plausible orders of magnitude, not published prices.

BASE_DATE = "2014-06-01"  # after the 2014 medicine price decree (Décret 2-13-852)

MEDICINES = """
@PARA-500-CP|paracétamol|500 mg|comprimé|boîte de 16
Doliprane|Sanofi|P|11.90
Paracétamol Cooper|Cooper Pharma|G|8.20
Paracétamol Laprophan|Laprophan|G|7.90
@PARA-1G-CP|paracétamol|1 g|comprimé|boîte de 8
Doliprane|Sanofi|P|15.30
Paracétamol Sothema|Sothema|G|12.10
Paracétamol Pharma 5|Pharma 5|G|11.60
@PARA-1G-EFF|paracétamol|1 g|comprimé effervescent|boîte de 8
Efferalgan|UPSA|P|17.20
Paracétamol Galenica|Galenica|G|14.50
@PARA-SUSP|paracétamol|2,4 %|suspension buvable|flacon de 100 ml
Doliprane|Sanofi|P|16.80
Paracétamol Bottu|Bottu|G|13.50
@PARA-CODE-CP|paracétamol + codéine|500 mg/30 mg|comprimé|boîte de 16
Codoliprane|Sanofi|P|24.50
@IBU-400-CP|ibuprofène|400 mg|comprimé pelliculé|boîte de 20
Brufen|Abbott|P|28.60
Ibuprofène Cooper|Cooper Pharma|G|19.90
Ibuprofène Promamec|Promamec|G|18.40
@DICLO-50-CP|diclofénac sodique|50 mg|comprimé gastro-résistant|boîte de 20
Voltarène|Novartis|P|34.00
Diclofénac Sothema|Sothema|G|18.50
Diclofénac Polymedic|Polymedic|G|17.80
@DICLO-75-LP|diclofénac sodique|75 mg|comprimé à libération prolongée|boîte de 20
Voltarène LP|Novartis|P|52.00
Diclofénac LP Pharma 5|Pharma 5|G|30.00
@KETO-100-LP|kétoprofène|100 mg|comprimé à libération prolongée|boîte de 20
Profénid LP|Sanofi|P|46.00
Kétoprofène LP Laprophan|Laprophan|G|31.00
@TRAM-50-GEL|tramadol|50 mg|gélule|boîte de 20
Topalgic|Sanofi|P|46.00
Tramadol Cooper|Cooper Pharma|G|29.00
@TRAM-PARA-CP|tramadol + paracétamol|37,5 mg/325 mg|comprimé pelliculé|boîte de 20
Ixprim|Grünenthal|P|59.00
Tramadol Paracétamol Galenica|Galenica|G|38.00
@PHLORO-80-LYO|phloroglucinol|80 mg|comprimé orodispersible|boîte de 10
Spasfon Lyoc|Teva|P|22.40
Phloroglucinol Pharma 5|Pharma 5|G|15.60
@METOCLO-10-CP|métoclopramide|10 mg|comprimé sécable|boîte de 40
Primpéran|Sanofi|P|18.00
Métoclopramide Promamec|Promamec|G|12.00
@AMOX-500-GEL|amoxicilline|500 mg|gélule|boîte de 12
Clamoxyl|GSK|P|29.80
Amoxicilline Sothema|Sothema|G|18.60
Amoxicilline Laprophan|Laprophan|G|17.90
Amoxicilline Cooper|Cooper Pharma|G|18.20
@AMOX-1G-CP|amoxicilline|1 g|comprimé dispersible|boîte de 12
Clamoxyl|GSK|P|52.00
Amoxicilline Galenica|Galenica|G|34.00
Amoxicilline Bottu|Bottu|G|33.50
@AMOX-250-SUSP|amoxicilline|250 mg/5 ml|poudre pour suspension buvable|flacon de 60 ml
Clamoxyl|GSK|P|21.50
Amoxicilline Promamec|Promamec|G|15.90
@AMOX-CLAV-1G-CP|amoxicilline + acide clavulanique|1 g/125 mg|comprimé pelliculé|boîte de 12
Augmentin|GSK|P|99.00
Amoxicilline Acide clavulanique Sothema|Sothema|G|72.00
Amoxicilline Acide clavulanique Cooper|Cooper Pharma|G|69.50
Amoxicilline Acide clavulanique Pharma 5|Pharma 5|G|68.00
Amoxicilline Acide clavulanique Laprophan|Laprophan|G|70.00
@AMOX-CLAV-500-CP|amoxicilline + acide clavulanique|500 mg/62,5 mg|comprimé pelliculé|boîte de 16
Augmentin|GSK|P|62.00
Amoxicilline Acide clavulanique Polymedic|Polymedic|G|44.00
@AMOX-CLAV-SUSP|amoxicilline + acide clavulanique|100 mg/12,5 mg par ml|poudre pour suspension buvable|flacon de 60 ml
Augmentin nourrissons|GSK|P|58.00
Amoxicilline Acide clavulanique Galenica|Galenica|G|41.00
@AZITH-250-CP|azithromycine|250 mg|comprimé pelliculé|boîte de 6
Zithromax|Pfizer|P|91.00
Azithromycine Cooper|Cooper Pharma|G|55.00
Azithromycine Pharma 5|Pharma 5|G|52.00
@AZITH-500-CP|azithromycine|500 mg|comprimé pelliculé|boîte de 3
Zithromax|Pfizer|P|91.00
Azithromycine Sothema|Sothema|G|54.00
@CLARI-500-CP|clarithromycine|500 mg|comprimé pelliculé|boîte de 14
Zeclar|Abbott|P|145.00
Clarithromycine Laprophan|Laprophan|G|92.00
@CIPRO-500-CP|ciprofloxacine|500 mg|comprimé pelliculé|boîte de 10
Ciflox|Bayer|P|98.00
Ciprofloxacine Galenica|Galenica|G|49.00
Ciprofloxacine Bottu|Bottu|G|47.50
@LEVO-500-CP|lévofloxacine|500 mg|comprimé pelliculé|boîte de 7
Tavanic|Sanofi|P|165.00
Lévofloxacine Pharma 5|Pharma 5|G|98.00
@CEFIX-200-CP|céfixime|200 mg|comprimé pelliculé|boîte de 8
Oroken|Sanofi|P|110.00
Céfixime Cooper|Cooper Pharma|G|72.00
Céfixime Sothema|Sothema|G|69.00
@CEFUR-500-CP|céfuroxime axétil|500 mg|comprimé pelliculé|boîte de 10
Zinnat|GSK|P|128.00
Céfuroxime Laprophan|Laprophan|G|79.00
@CEFTRI-1G-INJ|ceftriaxone|1 g|poudre pour solution injectable|flacon
Rocéphine|Roche|P|98.00
Ceftriaxone Sothema|Sothema|G|48.00
Ceftriaxone Polymedic|Polymedic|G|45.00
@DOXY-100-CP|doxycycline|100 mg|comprimé|boîte de 10
Vibramycine|Pfizer|P|35.00
Doxycycline Cooper|Cooper Pharma|G|24.00
@COTRIM-800-CP|sulfaméthoxazole + triméthoprime|800 mg/160 mg|comprimé|boîte de 10
Bactrim Forte|Roche|P|24.00
Sulfaméthoxazole Triméthoprime Promamec|Promamec|G|16.00
@METRO-500-CP|métronidazole|500 mg|comprimé pelliculé|boîte de 14
Flagyl|Sanofi|P|32.00
Métronidazole Laprophan|Laprophan|G|21.00
@FLUCO-150-GEL|fluconazole|150 mg|gélule|boîte de 1
Triflucan|Pfizer|P|61.00
Fluconazole Pharma 5|Pharma 5|G|35.00
@ACICLO-200-CP|aciclovir|200 mg|comprimé|boîte de 25
Zovirax|GSK|P|84.00
Aciclovir Cooper|Cooper Pharma|G|48.00
@OMEP-20-GEL|oméprazole|20 mg|gélule gastro-résistante|boîte de 14
Mopral|AstraZeneca|P|99.00
Oméprazole Cooper|Cooper Pharma|G|48.00
Oméprazole Sothema|Sothema|G|46.00
Oméprazole Galenica|Galenica|G|47.00
@ESOM-20-CP|ésoméprazole|20 mg|comprimé gastro-résistant|boîte de 14
Inexium|AstraZeneca|P|118.00
Ésoméprazole Pharma 5|Pharma 5|G|72.00
Ésoméprazole Laprophan|Laprophan|G|70.00
@ESOM-40-CP|ésoméprazole|40 mg|comprimé gastro-résistant|boîte de 14
Inexium|AstraZeneca|P|165.00
Ésoméprazole Pharma 5|Pharma 5|G|99.00
Ésoméprazole Cooper|Cooper Pharma|G|96.00
@PANTO-40-CP|pantoprazole|40 mg|comprimé gastro-résistant|boîte de 14
Inipomp|Takeda|P|135.00
Pantoprazole Bottu|Bottu|G|79.00
@DOMPE-10-CP|dompéridone|10 mg|comprimé pelliculé|boîte de 40
Motilium|Janssen|P|29.00
Dompéridone Promamec|Promamec|G|19.80
@TRIMEB-100-CP|trimébutine|100 mg|comprimé|boîte de 30
Débridat|Pfizer|P|34.00
Trimébutine Galenica|Galenica|G|23.00
@DIOSM-3G-SAC|diosmectite|3 g|poudre pour suspension buvable en sachet|boîte de 30
Smecta|Ipsen|P|35.00
Diosmectite Sothema|Sothema|G|25.00
@LOPER-2-GEL|lopéramide|2 mg|gélule|boîte de 20
Imodium|Janssen|P|26.00
Lopéramide Cooper|Cooper Pharma|G|16.50
@LACTU-10G-SAC|lactulose|10 g|solution buvable en sachet|boîte de 20
Duphalac|Abbott|P|38.00
Lactulose Pharma 5|Pharma 5|G|27.00
@MESAL-500-LP|mésalazine|500 mg|comprimé à libération prolongée|boîte de 100
Pentasa|Ferring|P|410.00
@MESAL-1G-SUPPO|mésalazine|1 g|suppositoire|boîte de 28
Pentasa|Ferring|P|420.00
@AMLO-5-CP|amlodipine|5 mg|comprimé|boîte de 30
Amlor|Pfizer|P|95.00
Amlodipine Cooper|Cooper Pharma|G|44.00
Amlodipine Sothema|Sothema|G|42.50
Amlodipine Pharma 5|Pharma 5|G|43.00
Amlodipine Galenica|Galenica|G|45.00
@AMLO-10-CP|amlodipine|10 mg|comprimé|boîte de 30
Amlor|Pfizer|P|140.00
Amlodipine Cooper|Cooper Pharma|G|62.00
Amlodipine Laprophan|Laprophan|G|60.50
@NIFED-30-LP|nifédipine|30 mg|comprimé à libération prolongée|boîte de 30
Adalate LP|Bayer|P|98.00
@PERIN-5-CP|périndopril arginine|5 mg|comprimé pelliculé|boîte de 30
Coversyl|Servier|P|118.00
Périndopril Pharma 5|Pharma 5|G|71.00
Périndopril Sothema|Sothema|G|69.00
@PERIN-10-CP|périndopril arginine|10 mg|comprimé pelliculé|boîte de 30
Coversyl|Servier|P|170.00
Périndopril Pharma 5|Pharma 5|G|99.00
@PERIN-AMLO-5-5-CP|périndopril + amlodipine|5 mg/5 mg|comprimé|boîte de 30
Coveram|Servier|P|158.00
@PERIN-INDA-CP|périndopril + indapamide|5 mg/1,25 mg|comprimé pelliculé|boîte de 30
Bipreterax|Servier|P|148.00
@RAMI-5-CP|ramipril|5 mg|comprimé sécable|boîte de 28
Triatec|Sanofi|P|105.00
Ramipril Cooper|Cooper Pharma|G|62.00
@ENAL-20-CP|énalapril|20 mg|comprimé sécable|boîte de 28
Rénitec|MSD|P|82.00
Énalapril Laprophan|Laprophan|G|44.00
@CAPTO-25-CP|captopril|25 mg|comprimé sécable|boîte de 30
Lopril|Bristol-Myers Squibb|P|42.00
Captopril Promamec|Promamec|G|26.00
@LOSAR-50-CP|losartan|50 mg|comprimé pelliculé|boîte de 28
Cozaar|MSD|P|138.00
Losartan Cooper|Cooper Pharma|G|74.00
Losartan Galenica|Galenica|G|72.00
@LOSAR-HCTZ-CP|losartan + hydrochlorothiazide|50 mg/12,5 mg|comprimé pelliculé|boîte de 28
Hyzaar|MSD|P|152.00
Losartan Hydrochlorothiazide Cooper|Cooper Pharma|G|82.00
@VALS-80-CP|valsartan|80 mg|comprimé pelliculé|boîte de 28
Tareg|Novartis|P|142.00
Valsartan Pharma 5|Pharma 5|G|79.00
@VALS-160-CP|valsartan|160 mg|comprimé pelliculé|boîte de 28
Tareg|Novartis|P|198.00
Valsartan Pharma 5|Pharma 5|G|108.00
Valsartan Sothema|Sothema|G|110.00
@IRBE-150-CP|irbésartan|150 mg|comprimé|boîte de 28
Aprovel|Sanofi|P|145.00
Irbésartan Laprophan|Laprophan|G|82.00
@IRBE-300-CP|irbésartan|300 mg|comprimé|boîte de 28
Aprovel|Sanofi|P|205.00
Irbésartan Laprophan|Laprophan|G|112.00
Irbésartan Bottu|Bottu|G|115.00
@CANDE-8-CP|candésartan cilexétil|8 mg|comprimé sécable|boîte de 28
Atacand|AstraZeneca|P|140.00
Candésartan Cooper|Cooper Pharma|G|80.00
@BISO-5-CP|bisoprolol|5 mg|comprimé pelliculé sécable|boîte de 30
Concor|Merck|P|68.00
Bisoprolol Sothema|Sothema|G|39.00
Bisoprolol Pharma 5|Pharma 5|G|38.00
@ATEN-50-CP|aténolol|50 mg|comprimé pelliculé|boîte de 30
Ténormine|AstraZeneca|P|42.00
Aténolol Promamec|Promamec|G|24.00
@NEBI-5-CP|nébivolol|5 mg|comprimé quadrisécable|boîte de 28
Nebilet|Menarini|P|98.00
Nébivolol Galenica|Galenica|G|56.00
@CARVE-25-CP|carvédilol|25 mg|comprimé sécable|boîte de 28
Kredex|Roche|P|96.00
Carvédilol Laprophan|Laprophan|G|55.00
@HCTZ-25-CP|hydrochlorothiazide|25 mg|comprimé sécable|boîte de 30
Esidrex|Novartis|P|18.50
@INDAP-1.5-LP|indapamide|1,5 mg|comprimé à libération prolongée|boîte de 30
Fludex LP|Servier|P|62.00
Indapamide LP Cooper|Cooper Pharma|G|36.00
@FURO-40-CP|furosémide|40 mg|comprimé sécable|boîte de 30
Lasilix|Sanofi|P|19.50
Furosémide Bottu|Bottu|G|12.80
@SPIRO-25-CP|spironolactone|25 mg|comprimé pelliculé|boîte de 30
Aldactone|Pfizer|P|41.00
Spironolactone Galenica|Galenica|G|26.00
@ATOR-10-CP|atorvastatine|10 mg|comprimé pelliculé|boîte de 30
Tahor|Pfizer|P|155.00
Atorvastatine Cooper|Cooper Pharma|G|74.00
Atorvastatine Sothema|Sothema|G|76.00
@ATOR-20-CP|atorvastatine|20 mg|comprimé pelliculé|boîte de 30
Tahor|Pfizer|P|230.00
Atorvastatine Cooper|Cooper Pharma|G|105.00|2019-01-01=89.00
Atorvastatine Pharma 5|Pharma 5|G|99.00
Atorvastatine Laprophan|Laprophan|G|102.00
@ATOR-40-CP|atorvastatine|40 mg|comprimé pelliculé|boîte de 30
Tahor|Pfizer|P|310.00
Atorvastatine Pharma 5|Pharma 5|G|148.00
@ROSU-10-CP|rosuvastatine|10 mg|comprimé pelliculé|boîte de 28
Crestor|AstraZeneca|P|198.00
Rosuvastatine Cooper|Cooper Pharma|G|98.00
Rosuvastatine Sothema|Sothema|G|96.00
@ROSU-20-CP|rosuvastatine|20 mg|comprimé pelliculé|boîte de 28
Crestor|AstraZeneca|P|272.00
Rosuvastatine Pharma 5|Pharma 5|G|132.00
@SIMVA-20-CP|simvastatine|20 mg|comprimé pelliculé|boîte de 28
Zocor|MSD|P|130.00
Simvastatine Laprophan|Laprophan|G|62.00
@CLOPI-75-CP|clopidogrel|75 mg|comprimé pelliculé|boîte de 30
Plavix|Sanofi|P|208.00|2019-01-01=168.00
Clopidogrel Cooper|Cooper Pharma|G|98.00
Clopidogrel Pharma 5|Pharma 5|G|95.00
Clopidogrel Galenica|Galenica|G|99.00
@ASA-75-SAC|acide acétylsalicylique (sel de lysine)|75 mg|poudre orale en sachet|boîte de 30
Kardégic|Sanofi|P|29.50
Acide acétylsalicylique Sothema|Sothema|G|19.00
@ASA-160-SAC|acide acétylsalicylique (sel de lysine)|160 mg|poudre orale en sachet|boîte de 30
Kardégic|Sanofi|P|31.00
@ACENO-4-CP|acénocoumarol|4 mg|comprimé quadrisécable|boîte de 30
Sintrom|Novartis|P|38.00
@TRIMET-35-LP|trimétazidine|35 mg|comprimé à libération modifiée|boîte de 60
Vastarel|Servier|P|128.00
Trimétazidine Pharma 5|Pharma 5|G|74.00
@IVAB-5-CP|ivabradine|5 mg|comprimé pelliculé|boîte de 56
Procoralan|Servier|P|445.00
Ivabradine Cooper|Cooper Pharma|G|268.00
@ISDN-20-CP|isosorbide dinitrate|20 mg|comprimé sécable|boîte de 60
Risordan|Sanofi|P|42.00
@AMIO-200-CP|amiodarone|200 mg|comprimé sécable|boîte de 30
Cordarone|Sanofi|P|68.00
Amiodarone Laprophan|Laprophan|G|42.00
@ENOXA-4000-INJ|énoxaparine sodique|4 000 UI/0,4 ml|solution injectable en seringue préremplie|boîte de 6
Lovenox|Sanofi|P|210.00
Énoxaparine Sothema|Sothema|G|150.00
@RIVA-20-CP|rivaroxaban|20 mg|comprimé pelliculé|boîte de 28
Xarelto|Bayer|P|780.00
@APIX-5-CP|apixaban|5 mg|comprimé pelliculé|boîte de 60
Eliquis|Bristol-Myers Squibb|P|890.00
@MET-500-CP|metformine|500 mg|comprimé pelliculé|boîte de 30
Glucophage|Merck|P|17.50
Metformine Cooper|Cooper Pharma|G|12.50
@MET-850-CP|metformine|850 mg|comprimé pelliculé|boîte de 30
Glucophage|Merck|P|24.00
Metformine Sothema|Sothema|G|15.50
Metformine Pharma 5|Pharma 5|G|15.00
Metformine Laprophan|Laprophan|G|15.80
@MET-1000-CP|metformine|1000 mg|comprimé pelliculé sécable|boîte de 30
Glucophage|Merck|P|31.00
Metformine Pharma 5|Pharma 5|G|21.00
Metformine Galenica|Galenica|G|20.50
@GLIB-5-CP|glibenclamide|5 mg|comprimé sécable|boîte de 30
Daonil|Sanofi|P|19.00
Glibenclamide Promamec|Promamec|G|12.90
@GLICL-30-LM|gliclazide|30 mg|comprimé à libération modifiée|boîte de 30
Diamicron|Servier|P|62.00
Gliclazide LM Cooper|Cooper Pharma|G|36.00
Gliclazide LM Sothema|Sothema|G|35.50
@GLICL-60-LM|gliclazide|60 mg|comprimé sécable à libération modifiée|boîte de 30
Diamicron|Servier|P|98.00
Gliclazide LM Pharma 5|Pharma 5|G|56.00
@GLIM-2-CP|glimépiride|2 mg|comprimé|boîte de 30
Amarel|Sanofi|P|72.00
Glimépiride Laprophan|Laprophan|G|41.00
@GLIM-4-CP|glimépiride|4 mg|comprimé|boîte de 30
Amarel|Sanofi|P|118.00
Glimépiride Cooper|Cooper Pharma|G|66.00
@SITA-100-CP|sitagliptine|100 mg|comprimé pelliculé|boîte de 28
Januvia|MSD|P|420.00
Sitagliptine Pharma 5|Pharma 5|G|230.00
@SITA-MET-CP|sitagliptine + metformine|50 mg/1000 mg|comprimé pelliculé|boîte de 56
Janumet|MSD|P|440.00
@VILDA-50-CP|vildagliptine|50 mg|comprimé|boîte de 56
Galvus|Novartis|P|395.00
Vildagliptine Cooper|Cooper Pharma|G|220.00
@VILDA-MET-CP|vildagliptine + metformine|50 mg/1000 mg|comprimé pelliculé|boîte de 60
Galvumet|Novartis|P|410.00
@INS-GLARG-100-STY|insuline glargine|100 UI/ml|solution injectable en stylo prérempli|boîte de 5 stylos de 3 ml
Lantus SoloStar|Sanofi|P|656.00|2020-03-01=560.00
@INS-GLARG-300-STY|insuline glargine|300 UI/ml|solution injectable en stylo prérempli|boîte de 3 stylos de 1,5 ml
Toujeo SoloStar|Sanofi|P|720.00
@INS-DETEM-100-STY|insuline détémir|100 UI/ml|solution injectable en stylo prérempli|boîte de 5 stylos de 3 ml
Levemir FlexPen|Novo Nordisk|P|690.00
@INS-ASPART-100-STY|insuline asparte|100 UI/ml|solution injectable en stylo prérempli|boîte de 5 stylos de 3 ml
NovoRapid FlexPen|Novo Nordisk|P|620.00
@INS-ASPART-MIX30-STY|insuline asparte biphasique|30/70, 100 UI/ml|suspension injectable en stylo prérempli|boîte de 5 stylos de 3 ml
NovoMix 30 FlexPen|Novo Nordisk|P|640.00
@INS-LISPRO-100-STY|insuline lispro|100 UI/ml|solution injectable en stylo prérempli|boîte de 5 stylos de 3 ml
Humalog KwikPen|Lilly|P|610.00
@INS-GLULI-100-STY|insuline glulisine|100 UI/ml|solution injectable en stylo prérempli|boîte de 5 stylos de 3 ml
Apidra SoloStar|Sanofi|P|600.00
@INS-HUM-MIX30-FL|insuline humaine biphasique|30/70, 100 UI/ml|suspension injectable|flacon de 10 ml
Mixtard 30|Novo Nordisk|P|135.00
Insuline humaine biphasique Sothema|Sothema|G|110.00
@INS-HUM-NPH-FL|insuline humaine isophane (NPH)|100 UI/ml|suspension injectable|flacon de 10 ml
Insulatard|Novo Nordisk|P|130.00
Umuline NPH|Lilly|P|132.00
@INS-HUM-RAP-FL|insuline humaine rapide|100 UI/ml|solution injectable|flacon de 10 ml
Actrapid|Novo Nordisk|P|128.00
@SALBU-100-AER|salbutamol|100 µg/dose|suspension pour inhalation en flacon pressurisé|flacon de 200 doses
Ventoline|GSK|P|38.00
Salbutamol Laprophan|Laprophan|G|26.50
@FLUT-SALM-250|fluticasone + salmétérol|250 µg/50 µg par dose|poudre pour inhalation|inhalateur de 60 doses
Seretide Diskus|GSK|P|345.00
Fluticasone Salmétérol Pharma 5|Pharma 5|G|230.00
@FLUT-SALM-500|fluticasone + salmétérol|500 µg/50 µg par dose|poudre pour inhalation|inhalateur de 60 doses
Seretide Diskus|GSK|P|425.00
@BUDE-FORMO-200|budésonide + formotérol|200 µg/6 µg par dose|poudre pour inhalation|inhalateur de 60 doses
Symbicort Turbuhaler|AstraZeneca|P|380.00
@TIOTRO-18-GEL|tiotropium|18 µg|gélule de poudre pour inhalation|boîte de 30
Spiriva|Boehringer Ingelheim|P|520.00
@MONTE-10-CP|montélukast|10 mg|comprimé pelliculé|boîte de 28
Singulair|MSD|P|210.00
Montélukast Cooper|Cooper Pharma|G|118.00
Montélukast Sothema|Sothema|G|115.00
@MONTE-4-GRA|montélukast|4 mg|granulés en sachet|boîte de 28
Singulair|MSD|P|185.00
Montélukast Pharma 5|Pharma 5|G|105.00
@DESLO-5-CP|desloratadine|5 mg|comprimé pelliculé|boîte de 15
Aerius|MSD|P|72.00
Desloratadine Galenica|Galenica|G|42.00
Desloratadine Cooper|Cooper Pharma|G|40.00
@CETIR-10-CP|cétirizine|10 mg|comprimé pelliculé sécable|boîte de 15
Zyrtec|UCB|P|52.00
Cétirizine Promamec|Promamec|G|28.00
@LORAT-10-CP|loratadine|10 mg|comprimé|boîte de 15
Clarityne|Bayer|P|54.00
Loratadine Bottu|Bottu|G|29.00
@PREDNISOLO-20-EFF|prednisolone|20 mg|comprimé effervescent|boîte de 20
Solupred|Sanofi|P|42.00
Prednisolone Cooper|Cooper Pharma|G|28.00
@PREDNISO-5-CP|prednisone|5 mg|comprimé|boîte de 30
Cortancyl|Sanofi|P|19.80
@BETAM-SOL|bétaméthasone|0,05 %|solution buvable en gouttes|flacon de 30 ml
Célestène|MSD|P|23.00
@VALPRO-500-LP|valproate de sodium|500 mg|comprimé à libération prolongée|boîte de 30
Dépakine Chrono|Sanofi|P|78.00
Valproate de sodium LP Sothema|Sothema|G|52.00
@VALPRO-200-CP|valproate de sodium|200 mg|comprimé gastro-résistant|boîte de 40
Dépakine|Sanofi|P|42.00
Valproate de sodium Laprophan|Laprophan|G|29.00
@VALPRO-SIROP|valproate de sodium|57,64 mg/ml|sirop|flacon de 150 ml
Dépakine|Sanofi|P|44.00
@CARBA-200-CP|carbamazépine|200 mg|comprimé sécable|boîte de 50
Tégrétol|Novartis|P|46.00
Carbamazépine Cooper|Cooper Pharma|G|31.00
@CARBA-400-LP|carbamazépine|400 mg|comprimé sécable à libération prolongée|boîte de 30
Tégrétol LP|Novartis|P|72.00
@LAMO-100-CP|lamotrigine|100 mg|comprimé dispersible|boîte de 30
Lamictal|GSK|P|198.00
Lamotrigine Pharma 5|Pharma 5|G|112.00
@LEVET-500-CP|lévétiracétam|500 mg|comprimé pelliculé|boîte de 60
Keppra|UCB|P|390.00
Lévétiracétam Cooper|Cooper Pharma|G|210.00
Lévétiracétam Sothema|Sothema|G|205.00
@LEVET-1000-CP|lévétiracétam|1000 mg|comprimé pelliculé|boîte de 30
Keppra|UCB|P|395.00
Lévétiracétam Pharma 5|Pharma 5|G|214.00
@PHENO-100-CP|phénobarbital|100 mg|comprimé|boîte de 20
Gardénal|Sanofi|P|9.60
@LDOPA-BENS-250-GEL|lévodopa + bensérazide|200 mg/50 mg|gélule|boîte de 30
Modopar 250|Roche|P|98.00
@LDOPA-BENS-125-GEL|lévodopa + bensérazide|100 mg/25 mg|gélule|boîte de 60
Modopar 125|Roche|P|105.00
@LDOPA-CARBI-250-CP|lévodopa + carbidopa|250 mg/25 mg|comprimé sécable|boîte de 100
Sinemet|MSD|P|165.00
Lévodopa Carbidopa Laprophan|Laprophan|G|99.00
@PRAMI-0.7-CP|pramipexole|0,7 mg|comprimé|boîte de 30
Sifrol|Boehringer Ingelheim|P|310.00
Pramipexole Galenica|Galenica|G|175.00
@TRIHEX-5-CP|trihexyphénidyle|5 mg|comprimé|boîte de 20
Artane|Sanofi|P|22.00
@OLANZ-10-CP|olanzapine|10 mg|comprimé pelliculé|boîte de 28
Zyprexa|Lilly|P|560.00
Olanzapine Cooper|Cooper Pharma|G|240.00
Olanzapine Sothema|Sothema|G|235.00
@RISPE-2-CP|rispéridone|2 mg|comprimé pelliculé sécable|boîte de 30
Risperdal|Janssen|P|250.00
Rispéridone Pharma 5|Pharma 5|G|128.00
@HALO-5-CP|halopéridol|5 mg|comprimé|boîte de 30
Haldol|Janssen|P|24.00
@ARIPI-10-CP|aripiprazole|10 mg|comprimé|boîte de 28
Abilify|Otsuka|P|740.00
Aripiprazole Cooper|Cooper Pharma|G|310.00
@LITHIUM-250-CP|carbonate de lithium|250 mg|comprimé sécable|boîte de 100
Téralithe|Sanofi|P|45.00
@SERTRA-50-GEL|sertraline|50 mg|gélule|boîte de 28
Zoloft|Pfizer|P|168.00
Sertraline Laprophan|Laprophan|G|88.00
@FLUOX-20-GEL|fluoxétine|20 mg|gélule|boîte de 28
Prozac|Lilly|P|145.00
Fluoxétine Galenica|Galenica|G|72.00
@ESCIT-10-CP|escitalopram|10 mg|comprimé pelliculé sécable|boîte de 28
Seroplex|Lundbeck|P|210.00
Escitalopram Pharma 5|Pharma 5|G|110.00
Escitalopram Cooper|Cooper Pharma|G|108.00
@PAROX-20-CP|paroxétine|20 mg|comprimé pelliculé sécable|boîte de 28
Deroxat|GSK|P|175.00
Paroxétine Sothema|Sothema|G|92.00
@ALPRA-0.5-CP|alprazolam|0,5 mg|comprimé sécable|boîte de 30
Xanax|Pfizer|P|32.00
Alprazolam Bottu|Bottu|G|21.00
@BROMA-6-CP|bromazépam|6 mg|comprimé quadrisécable|boîte de 30
Lexomil|Roche|P|34.00
@ZOLPI-10-CP|zolpidem|10 mg|comprimé pelliculé sécable|boîte de 14
Stilnox|Sanofi|P|48.00
Zolpidem Promamec|Promamec|G|30.00
@DONEP-10-CP|donépézil|10 mg|comprimé pelliculé|boîte de 28
Aricept|Eisai|P|520.00
Donépézil Cooper|Cooper Pharma|G|260.00
@IFN-B1A-44-INJ|interféron bêta-1a|44 µg/0,5 ml|solution injectable en seringue préremplie|boîte de 12
Rebif|Merck|P|9800.00
@IFN-B1A-30-INJ|interféron bêta-1a|30 µg/0,5 ml|solution injectable en seringue préremplie|boîte de 4
Avonex|Biogen|P|9200.00
@FINGO-0.5-GEL|fingolimod|0,5 mg|gélule|boîte de 28
Gilenya|Novartis|P|16500.00
@MYCO-500-CP|mycophénolate mofétil|500 mg|comprimé pelliculé|boîte de 50
CellCept|Roche|P|1350.00
Mycophénolate mofétil Sothema|Sothema|G|690.00
@TACRO-1-GEL|tacrolimus|1 mg|gélule|boîte de 60
Prograf|Astellas|P|1650.00
Tacrolimus Cooper|Cooper Pharma|G|980.00
@TACRO-0.5-GEL|tacrolimus|0,5 mg|gélule|boîte de 50
Prograf|Astellas|P|720.00
@CICLO-100-CAP|ciclosporine|100 mg|capsule molle|boîte de 50
Néoral|Novartis|P|2150.00
@CICLO-25-CAP|ciclosporine|25 mg|capsule molle|boîte de 50
Néoral|Novartis|P|640.00
@AZA-50-CP|azathioprine|50 mg|comprimé pelliculé|boîte de 100
Imurel|Aspen|P|290.00
Azathioprine Laprophan|Laprophan|G|165.00
@EVERO-0.75-CP|évérolimus|0,75 mg|comprimé|boîte de 60
Certican|Novartis|P|3900.00
@MTX-2.5-CP|méthotrexate|2,5 mg|comprimé|boîte de 20
Novatrex|Pfizer|P|62.00
Méthotrexate Sothema|Sothema|G|40.00
@MTX-15-INJ|méthotrexate|15 mg/0,3 ml|solution injectable en seringue préremplie|boîte de 1
Metoject|Medac|P|320.00
@HCQ-200-CP|hydroxychloroquine|200 mg|comprimé pelliculé|boîte de 30
Plaquenil|Sanofi|P|68.00
Hydroxychloroquine Pharma 5|Pharma 5|G|42.00
@LEFLU-20-CP|léflunomide|20 mg|comprimé pelliculé|boîte de 30
Arava|Sanofi|P|540.00
Léflunomide Cooper|Cooper Pharma|G|290.00
@SULFASA-500-CP|sulfasalazine|500 mg|comprimé gastro-résistant|boîte de 100
Salazopyrine|Pfizer|P|98.00
@ADALI-40-STY|adalimumab|40 mg/0,4 ml|solution injectable en stylo prérempli|boîte de 2
Humira|AbbVie|P|11800.00
@ETANER-50-STY|étanercept|50 mg|solution injectable en stylo prérempli|boîte de 4
Enbrel|Pfizer|P|10900.00
@TDF-FTC-CP|emtricitabine + ténofovir disoproxil|200 mg/245 mg|comprimé pelliculé|boîte de 30
Truvada|Gilead|P|3100.00
Emtricitabine Ténofovir Galenica|Galenica|G|980.00
@EFV-FTC-TDF-CP|éfavirenz + emtricitabine + ténofovir disoproxil|600 mg/200 mg/245 mg|comprimé pelliculé|boîte de 30
Atripla|Gilead|P|4200.00
Éfavirenz Emtricitabine Ténofovir Pharma 5|Pharma 5|G|1350.00
@AZT-3TC-CP|lamivudine + zidovudine|150 mg/300 mg|comprimé pelliculé|boîte de 60
Combivir|ViiV Healthcare|P|1900.00
Lamivudine Zidovudine Cooper|Cooper Pharma|G|640.00
@DTG-50-CP|dolutégravir|50 mg|comprimé pelliculé|boîte de 30
Tivicay|ViiV Healthcare|P|5200.00
@LPV-RTV-CP|lopinavir + ritonavir|200 mg/50 mg|comprimé pelliculé|boîte de 120
Kaletra|AbbVie|P|3600.00
@TDF-245-CP|ténofovir disoproxil|245 mg|comprimé pelliculé|boîte de 30
Viread|Gilead|P|2300.00
Ténofovir Sothema|Sothema|G|520.00
@ENTEC-0.5-CP|entécavir|0,5 mg|comprimé pelliculé|boîte de 30
Baraclude|Bristol-Myers Squibb|P|3900.00
Entécavir Pharma 5|Pharma 5|G|1100.00
@SOFO-400-CP|sofosbuvir|400 mg|comprimé pelliculé|boîte de 28
Sovaldi|Gilead|P|25000.00
SSB 400|Pharma 5|G|3000.00
@IMAT-400-CP|imatinib|400 mg|comprimé pelliculé|boîte de 30
Glivec|Novartis|P|25000.00|2018-01-01=18500.00
Imatinib Sothema|Sothema|G|3900.00
Imatinib Cooper|Cooper Pharma|G|4100.00
@IMAT-100-CP|imatinib|100 mg|comprimé pelliculé|boîte de 60
Glivec|Novartis|P|12800.00
Imatinib Pharma 5|Pharma 5|G|2100.00
@TAMOX-20-CP|tamoxifène|20 mg|comprimé pelliculé|boîte de 30
Nolvadex|AstraZeneca|P|72.00
Tamoxifène Cooper|Cooper Pharma|G|41.00
@LETRO-2.5-CP|létrozole|2,5 mg|comprimé pelliculé|boîte de 30
Femara|Novartis|P|690.00
Létrozole Sothema|Sothema|G|290.00
Létrozole Pharma 5|Pharma 5|G|285.00
@ANAS-1-CP|anastrozole|1 mg|comprimé pelliculé|boîte de 28
Arimidex|AstraZeneca|P|640.00
Anastrozole Laprophan|Laprophan|G|270.00
@CAPE-500-CP|capécitabine|500 mg|comprimé pelliculé|boîte de 120
Xeloda|Roche|P|3500.00
Capécitabine Sothema|Sothema|G|1450.00
@HYDROXYU-500-GEL|hydroxycarbamide|500 mg|gélule|boîte de 20
Hydréa|Bristol-Myers Squibb|P|95.00
@ERLO-150-CP|erlotinib|150 mg|comprimé pelliculé|boîte de 30
Tarceva|Roche|P|18900.00
@BICA-50-CP|bicalutamide|50 mg|comprimé pelliculé|boîte de 28
Casodex|AstraZeneca|P|720.00
Bicalutamide Cooper|Cooper Pharma|G|320.00
@ONDAN-8-CP|ondansétron|8 mg|comprimé pelliculé|boîte de 10
Zophren|Novartis|P|320.00
Ondansétron Sothema|Sothema|G|150.00
@EPO-A-4000-INJ|époétine alfa|4 000 UI/0,4 ml|solution injectable en seringue préremplie|boîte de 6
Eprex|Janssen|P|1850.00
@EPO-B-2000-INJ|époétine bêta|2 000 UI/0,3 ml|solution injectable en seringue préremplie|boîte de 6
Recormon|Roche|P|1050.00
@EPO-B-5000-INJ|époétine bêta|5 000 UI/0,3 ml|solution injectable en seringue préremplie|boîte de 6
Recormon|Roche|P|2450.00
@DARBE-40-INJ|darbépoétine alfa|40 µg/0,4 ml|solution injectable en seringue préremplie|boîte de 4
Aranesp|Amgen|P|2600.00
@FER-SACC-100-INJ|fer (hydroxyde ferrique saccharose)|100 mg/5 ml|solution injectable|boîte de 5 ampoules
Venofer|Vifor|P|480.00
Fer saccharose Sothema|Sothema|G|290.00
@SEVEL-800-CP|carbonate de sévélamer|800 mg|comprimé pelliculé|boîte de 180
Renvela|Sanofi|P|1650.00
@CALCITRI-0.25-CAP|calcitriol|0,25 µg|capsule molle|boîte de 30
Rocaltrol|Roche|P|92.00
@ALFACAL-1-CAP|alfacalcidol|1 µg|capsule molle|boîte de 30
Un-Alfa|Leo Pharma|P|120.00
@LEVOTHY-50-CP|lévothyroxine sodique|50 µg|comprimé sécable|boîte de 30
Levothyrox|Merck|P|18.00
@LEVOTHY-100-CP|lévothyroxine sodique|100 µg|comprimé sécable|boîte de 30
Levothyrox|Merck|P|21.00
@CARBIMA-5-CP|carbimazole|5 mg|comprimé pelliculé|boîte de 50
Néo-Mercazole|Amdipharm|P|28.00
@TIMO-0.5-COL|timolol|0,5 %|collyre en solution|flacon de 3 ml
Timoptol|Santen|P|42.00
Timolol Galenica|Galenica|G|28.00
@LATANO-COL|latanoprost|0,005 %|collyre en solution|flacon de 2,5 ml
Xalatan|Pfizer|P|168.00
Latanoprost Cooper|Cooper Pharma|G|98.00
@DORZO-TIMO-COL|dorzolamide + timolol|2 %/0,5 %|collyre en solution|flacon de 5 ml
Cosopt|Santen|P|198.00
@BRIMO-COL|brimonidine|0,2 %|collyre en solution|flacon de 5 ml
Alphagan|Allergan|P|112.00
@TAMSU-0.4-LP|tamsulosine|0,4 mg|gélule à libération prolongée|boîte de 30
Omix LP|Astellas|P|118.00
Tamsulosine LP Pharma 5|Pharma 5|G|62.00
@FINAS-5-CP|finastéride|5 mg|comprimé pelliculé|boîte de 28
Chibro-Proscar|MSD|P|190.00
Finastéride Cooper|Cooper Pharma|G|92.00
@ALLOPU-300-CP|allopurinol|300 mg|comprimé|boîte de 30
Zyloric|Aspen|P|34.00
Allopurinol Laprophan|Laprophan|G|22.00
@COLCHI-1-CP|colchicine|1 mg|comprimé sécable|boîte de 20
Colchicine Opocalcium|Mayoly Spindler|P|24.00
@FER-80-LP|sulfate ferreux|80 mg|comprimé à libération prolongée|boîte de 30
Tardyféron|Pierre Fabre|P|27.00
@FOLIC-5-CP|acide folique|5 mg|comprimé|boîte de 20
Spéciafoldine|Mayoly Spindler|P|14.00
@VITD3-200K-AMP|cholécalciférol|200 000 UI|solution buvable en ampoule|boîte de 1
Vitamine D3 BON|Bouchara-Recordati|P|19.00
@VITC-1G-EFF|acide ascorbique|1 g|comprimé effervescent|boîte de 20|non
Vitamine C UPSA|UPSA|P|26.00
@MULTIVIT-EFF|multivitamines et minéraux||comprimé effervescent|boîte de 30|non
Supradyn|Bayer|P|95.00
Berocca|Bayer|P|98.00
@MAGNE-B6-CP|magnésium + vitamine B6|48 mg/5 mg|comprimé pelliculé|boîte de 50|non
Magné B6|Sanofi|P|48.00
@ALVITYL-SIROP|multivitamines||sirop|flacon de 150 ml|non
Alvityl|Urgo|P|55.00
@DEXERYL-CR|glycérol + vaseline + paraffine|15 %/8 %/2 %|crème|tube de 250 g|non
Dexeryl|Pierre Fabre|P|78.00
@BIAFINE-EMU|trolamine|0,67 %|émulsion pour application cutanée|tube de 93 g|non
Biafine|Johnson & Johnson|P|52.00
"""

MEDICINE_SOURCE = "échantillon plausible [I]"


def ean13(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def parse_medicines():
    groups = []
    for line in MEDICINES.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("@"):
            parts = line[1:].split("|")
            code, inn, dosage, form, presentation = parts[:5]
            reimbursable = not (len(parts) > 5 and parts[5] == "non")
            groups.append(
                {
                    "code": code,
                    "inn": inn,
                    "dosage": dosage,
                    "form": form,
                    "presentation": presentation,
                    "reimbursable": reimbursable,
                    "products": [],
                }
            )
        else:
            brand, lab, kind, ppv, *changes = line.split("|")
            prices = [(BASE_DATE, ppv)] + [tuple(c.split("=")) for c in changes]
            groups[-1]["products"].append(
                {"brand": brand, "lab": lab, "generic": kind == "G", "prices": prices}
            )
    return groups


def price_on(product, day: str) -> str:
    current = None
    for start, ppv in product["prices"]:
        if start <= day:
            current = ppv
    return current


def medicine_rows():
    rows = []
    seq = 1000
    seen = set()
    for group in parse_medicines():
        products = group["products"]
        generics = [p for p in products if p["generic"]]
        # every date where a price in the group changes: each member gets a row on that date
        # when its own PPV or the group's PBR changes
        dates = sorted({d for p in products for d, _ in p["prices"]})
        for product in products:
            seq += 7
            code = ean13(f"6118000{seq:05d}")
            assert code not in seen
            seen.add(code)
            emitted = []
            for day in dates:
                ppv = price_on(product, day)
                pbr = ""
                if generics:
                    pbr = min((price_on(g, day) for g in generics), key=float)
                    assert float(pbr) <= float(ppv), (product["brand"], day)
                if emitted and emitted[-1][1:] == (ppv, pbr):
                    continue
                emitted.append((day, ppv, pbr))
            for i, (day, ppv, pbr) in enumerate(emitted):
                end = ""
                if i + 1 < len(emitted):
                    end = (date.fromisoformat(emitted[i + 1][0]) - timedelta(days=1)).isoformat()
                rows.append(
                    [
                        code,
                        product["brand"],
                        group["inn"],
                        group["dosage"],
                        group["form"],
                        group["presentation"],
                        product["lab"],
                        group["code"],
                        "oui" if product["generic"] else "non",
                        ppv,
                        pbr,
                        "oui" if group["reimbursable"] else "non",
                        day,
                        end,
                        MEDICINE_SOURCE,
                    ]
                )
    return rows


MEDICINE_HEADER = """# Données d'exemple (sample data), not an official referential.
# Médicaments vendus au Maroc : échantillon de {n} présentations ({m} lignes de prix), généré par
# ../build_sample.py (ne pas éditer à la main : modifier le script et le relancer).
# Sources : DOMAIN.md §4 (base = PPV, ou PBR du générique quand le groupe a un générique ; EAN-13) ;
# prix au {base} après le décret de 2014 sur les prix des médicaments (Décret 2-13-852).
# Publié : les DCI ; les marques des princeps et leurs laboratoires titulaires sont réels.
# Plausibles, non publiés [I] : tous les prix (ordres de grandeur), les génériques nommés « DCI +
# laboratoire marocain » (Cooper Pharma, Sothema, Laprophan, Pharma 5, Galenica, Bottu, Promamec,
# Polymedic), les présentations, les EAN-13 (préfixe 611 du Maroc, numéros inventés, clé de contrôle
# valide) et les groupes génériques (même DCI, dosage et forme). PBR = prix du générique le moins
# cher du groupe à la date ; vide si le groupe n'a pas de générique. Changements de prix datés
# montrés : Plavix (2019), Atorvastatine Cooper 20 mg (2019, d'où le nouveau PBR de tout le groupe),
# Glivec 400 mg (2018), Lantus (2020) : le même EAN apparaît sur plusieurs lignes, une par période.
"""


# ---------------------------------------------------------------------------------------------
# Providers
# ---------------------------------------------------------------------------------------------
# One provider per line: nom|type|spécialité|secteur|ville|adresse|tiers payant depuis|rib
# ("rib" in the last field: the provider has a bank account; lines starting with # are comments)
PROVIDERS = """
# Casablanca
CHU Ibn Rochd|chu||public|Casablanca|1, rue des Hôpitaux|2005-09-01|
Hôpital Moulay Youssef|public_hospital||public|Casablanca|Boulevard Moulay Youssef|2005-09-01|
Clinique Les Oliviers|clinic||private|Casablanca|25, boulevard d'Anfa|2007-02-05|rib
Clinique Atlas Santé|clinic||private|Casablanca|140, boulevard Zerktouni|2008-04-01|rib
Polyclinique mutualiste de Casablanca|clinic||mutualist|Casablanca|8, rue Tahar Sebti|2007-02-05|rib
Centre d'hémodialyse Al Amal|dialysis_centre||private|Casablanca|12, rue Ibnou Mounir, Maârif|2007-06-01|rib
Centre de néphrologie et dialyse Hay Hassani|dialysis_centre||private|Casablanca|45, boulevard Abdelkrim Khattabi|2009-01-01|rib
Centre d'oncologie Casablanca Sud|oncology_centre||private|Casablanca|3, rue Ibn Tofail, Oasis|2010-03-01|rib
Centre d'ophtalmologie Anfa|ophthalmology_centre||private|Casablanca|60, boulevard d'Anfa|2011-05-01|rib
Laboratoire d'analyses médicales Zerktouni|laboratory||private|Casablanca|212, boulevard Zerktouni|2008-01-01|rib
Laboratoire Central Derb Sultan|laboratory||private|Casablanca|15, boulevard El Fida||
Centre de radiologie Maârif|radiology||private|Casablanca|33, rue Abou Bakr El Kadiri|2012-01-01|rib
Pharmacie Al Hayat|pharmacy||private|Casablanca|90, boulevard Mohammed V||
Pharmacie du Boulevard|pharmacy||private|Casablanca|5, boulevard de la Résistance||
Pharmacie Ain Sebaa|pharmacy||private|Casablanca|Route de Rabat, Aïn Sebaâ||
Dr Karim Bennani|gp||private|Casablanca|18, rue Jean Jaurès, Gauthier||
Dr Salma El Idrissi|specialist|cardiology|private|Casablanca|7, rue Moulay Rachid||
Dr Youssef Tazi|specialist|endocrinology|private|Casablanca|102, boulevard Ghandi||
Dr Nadia Alaoui|specialist|gynecology|private|Casablanca|44, rue d'Alger||
Dr Hicham Berrada|specialist|pediatrics|private|Casablanca|9, rue Ibn Batouta||
Dr Omar Benjelloun|specialist|nephrology|private|Casablanca|12, rue Ibnou Mounir, Maârif||
Dr Amina Chraibi|dentist||private|Casablanca|27, avenue Hassan II||
Cabinet de kinésithérapie Yassine Lahlou|physiotherapist||private|Casablanca|61, rue Mustapha El Maani||
Optique Casa Centre|optician||private|Casablanca|150, boulevard Mohammed V|2013-09-01|rib
Khadija Ouazzani, orthophoniste|speech_therapist||private|Casablanca|3, rue Lafayette||
# Mohammédia, Settat, El Jadida
Dr Rachid Fassi Fihri|dentist||private|Mohammédia|14, avenue des FAR||
Dr Mustapha Naciri|gp||private|Settat|22, avenue Hassan II||
Clinique Mazagan|clinic||private|El Jadida|4, avenue Nabeul|2012-10-01|rib
# Rabat, Salé, Temara, Kénitra
CHU Ibn Sina|chu||public|Rabat|Avenue Ibn Rochd, Souissi|2005-09-01|
Hôpital Militaire d'Instruction Mohammed V|military_hospital||public|Rabat|Avenue des FAR, Hay Riad|2005-09-01|
Institut national d'oncologie Sidi Mohamed Ben Abdellah|oncology_centre||public|Rabat|Avenue Allal El Fassi|2006-09-01|rib
Clinique Agdal Santé|clinic||private|Rabat|30, avenue de France, Agdal|2007-02-05|rib
Centre dentaire mutualiste de Rabat|dentist||mutualist|Rabat|11, rue Patrice Lumumba||
Laboratoire d'analyses médicales Agdal|laboratory||private|Rabat|5, rue Oued Baht, Agdal|2008-01-01|rib
Centre d'hémodialyse Rabat Océan|dialysis_centre||private|Rabat|20, avenue Al Haouz, Océan|2008-01-01|rib
Dr Leila Benkirane|specialist|ophthalmology|private|Rabat|8, avenue Mohammed V||
Dr Said Amrani|gp||private|Rabat|41, avenue Fal Ould Oumeir, Agdal||
Pharmacie Hassan|pharmacy||private|Rabat|2, place Pietri||
Hôpital Moulay Abdallah|public_hospital||public|Salé|Avenue Moulay Abdallah|2005-09-01|
Dr Fatima Zahra Lamrani|gp||private|Salé|17, avenue Mohammed V, Tabriquet||
Pharmacie Bab Lamrissa|pharmacy||private|Salé|Place Bab Lamrissa||
Cabinet de soins infirmiers Al Wifaq|nurse||private|Temara|9, avenue Hassan II||
Hôpital régional El Idrissi|public_hospital||public|Kénitra|Avenue Mohammed Diouri|2005-09-01|
Dr Abdelilah Hamdouchi|specialist|pulmonology|private|Kénitra|33, boulevard Mohammed V||
# Fès, Meknès, Taza
CHU Hassan II|chu||public|Fès|Route de Sidi Harazem|2005-09-01|
Clinique Fès Saïss|clinic||private|Fès|24, avenue des FAR|2008-03-01|rib
Centre d'hémodialyse Fès Al Qods|dialysis_centre||private|Fès|7, boulevard Allal Ben Abdellah|2009-03-01|rib
Dr Mehdi Kettani|specialist|neurology|private|Fès|3, avenue Hassan II||
Laboratoire d'analyses Fès Médina|laboratory||private|Fès|10, boulevard Mohammed V||
Pharmacie Batha|pharmacy||private|Fès|Place Batha||
Hôpital Militaire Moulay Ismail|military_hospital||public|Meknès|Avenue des FAR|2005-09-01|
Dr Ilham Sebti|gp||private|Meknès|6, avenue Moulay Youssef||
Pharmacie Hamria|pharmacy||private|Meknès|18, avenue Hassan II, Hamria||
Naima Bouzid, sage-femme|midwife||private|Taza|5, rue Allal El Fassi||
# Marrakech
CHU Mohammed VI de Marrakech|chu||public|Marrakech|Avenue Ibn Sina, Amerchich|2005-09-01|
Hôpital Militaire Avicenne|military_hospital||public|Marrakech|Avenue Ibn Sina|2005-09-01|
Clinique Ménara|clinic||private|Marrakech|12, avenue Mohammed VI|2008-04-01|rib
Centre d'oncologie Al Kawtar|oncology_centre||private|Marrakech|9, rue Ibn Aïcha, Guéliz|2012-06-01|rib
Dr Hamid Ouali|specialist|rheumatology|private|Marrakech|40, boulevard Zerktouni, Guéliz||
Optique Guéliz|optician||private|Marrakech|88, avenue Mohammed V, Guéliz||
# Safi, Béni Mellal, Khouribga
Hôpital Mohammed V de Safi|public_hospital||public|Safi|Avenue Moulay Youssef|2005-09-01|
Centre d'hémodialyse Tadla|dialysis_centre||private|Béni Mellal|15, avenue des FAR|2011-06-01|rib
Dr Jamal Khalfi|gp||private|Béni Mellal|4, boulevard Mohammed V||
Pharmacie Phosphates|pharmacy||private|Khouribga|21, boulevard Moulay Youssef||
# Tanger, Tétouan, Al Hoceima
CHU Mohammed VI de Tanger|chu||public|Tanger|Route de Rabat, Gzenaya|2022-06-01|
Hôpital Mohammed V de Tanger|public_hospital||public|Tanger|Avenue Moulay Abdelaziz|2005-09-01|
Clinique du Détroit|clinic||private|Tanger|50, boulevard Pasteur|2008-12-01|rib
Centre d'hémodialyse Boukhalef|dialysis_centre||private|Tanger|3, avenue Mohammed VI|2010-01-01|rib
Dr Souad Temsamani|specialist|psychiatry|private|Tanger|14, rue de Fès||
Hôpital Saniat Rmel|public_hospital||public|Tétouan|Avenue des FAR|2005-09-01|
Dr Adil Bakkali|gp||private|Tétouan|25, avenue Mohammed V||
Hôpital Mohammed V d'Al Hoceima|public_hospital||public|Al Hoceima|Avenue Tarik Ibn Ziad|2005-09-01|
# Oriental
CHU Mohammed VI d'Oujda|chu||public|Oujda|Route de Sidi Maafa|2014-06-01|
Hôpital Al Farabi|public_hospital||public|Oujda|Boulevard Derfoufi|2005-09-01|
Laboratoire d'analyses de l'Oriental|laboratory||private|Oujda|30, boulevard Mohammed V|2009-01-01|rib
Dr Driss Mernissi|specialist|internal_medicine|private|Nador|8, avenue des FAR||
# Souss-Massa
CHU Souss-Massa|chu||public|Agadir|Boulevard Abderrahim Bouabid|2024-09-01|
Hôpital régional Hassan II|public_hospital||public|Agadir|Route de Marrakech|2005-09-01|
Clinique Souss|clinic||private|Agadir|19, avenue Hassan II|2008-05-01|rib
Centre de radiologie Agadir Talborjt|radiology||private|Agadir|6, rue de la Foire, Talborjt|2013-03-01|rib
Dr Latifa Amzil|specialist|dermatology|private|Inezgane|12, avenue Mokhtar Soussi||
# Drâa-Tafilalet, South
Hôpital Moulay Ali Cherif|public_hospital||public|Errachidia|Avenue Moulay Ali Cherif|2005-09-01|
Dr Brahim Ait Ouahmane|gp||private|Ouarzazate|5, avenue Mohammed V||
Hôpital Moulay Hassan Ben El Mehdi|public_hospital||public|Laâyoune|Avenue de la Mecque|2005-09-01|
Pharmacie Al Wahda|pharmacy||private|Laâyoune|Place Dchira||
Hôpital Hassan II de Dakhla|public_hospital||public|Dakhla|Avenue Mohammed V|2005-09-01|
"""

# Moroccan bank codes (3 digits) and city codes used in RIBs: plausible [I].
BANKS = ["007", "011", "013", "021", "022", "145", "230", "225"]
RIB_CITY = {
    "Casablanca": "780",
    "Mohammédia": "790",
    "El Jadida": "170",
    "Rabat": "810",
    "Fès": "270",
    "Marrakech": "450",
    "Béni Mellal": "090",
    "Tanger": "640",
    "Oujda": "610",
    "Agadir": "010",
}


def rib(bank: str, city: str, account: str) -> str:
    first22 = f"{bank}{city}{account}"
    assert len(first22) == 22
    key = 97 - (int(first22) * 100) % 97
    number = f"{first22}{key:02d}"
    assert int(number) % 97 == 0
    return number


def inpe(seq: int) -> str:
    # a bijection of 1..899 999 999 onto 9-digit numbers: unique and scattered
    return f"{(seq * 7919 + 104729) % 900_000_000 + 100_000_000:09d}"


def provider_rows():
    rows = []
    seen = set()
    entries = [
        line.split("|")
        for line in PROVIDERS.strip().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for i, (name, kind, specialty, sector, city, address, since, with_rib) in enumerate(entries, 1):
        code = inpe(i * 1013)
        assert code not in seen
        seen.add(code)
        bank_rib = ""
        registration = ""
        if with_rib:
            account = f"{(i * 48271 * 1000003) % 10**16:016d}"
            bank_rib = rib(BANKS[i % len(BANKS)], RIB_CITY.get(city, "999"), account)
            registration = f"ANAM-TP-{since[:4]}-{i:04d}"
        rows.append(
            [
                code,
                name,
                kind,
                specialty,
                sector,
                city,
                address,
                registration,
                bank_rib,
                "oui" if since else "non",
                since,
            ]
        )
    return rows


PROVIDER_HEADER = """# Données d'exemple (sample data), not an official referential.
# Prestataires de soins FICTIFS ({n}), généré par ../build_sample.py (ne pas éditer à la main).
# Sources : DOMAIN.md §1 (types de producteurs de soins), §6 (tiers payant : cliniques, centres de
# dialyse et d'ophtalmologie admis sur RIB et enregistrement ANAM ; CHU, hôpitaux publics et
# militaires admis d'office), §9 (INPE, RIB 24 chiffres, clé : le nombre entier divisible par 97).
# Les noms des CHU, hôpitaux publics et militaires sont ceux d'établissements réels ; tous les
# autres noms (praticiens, cliniques, centres, pharmacies) sont inventés. Plausibles [I] : les INPE
# (9 chiffres, format non confirmé), les RIB (codes banque et ville plausibles, comptes inventés, clé
# valide), les adresses, les enregistrements ANAM et toutes les dates d'admission au tiers payant.
# Répartition grossièrement proportionnelle à la population (Casablanca environ 30 %).
"""


def write_csv(path: Path, header_comment: str, columns, rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    path.write_text(header_comment + buf.getvalue(), encoding="utf-8")


def main():
    meds = medicine_rows()
    n_meds = len({r[0] for r in meds})
    write_csv(
        SAMPLE / "medicaments.csv",
        MEDICINE_HEADER.format(n=n_meds, m=len(meds), base=BASE_DATE),
        [
            "ean13",
            "nom_commercial",
            "dci",
            "dosage",
            "forme",
            "presentation",
            "laboratoire",
            "groupe_generique",
            "generique",
            "ppv",
            "pbr",
            "remboursable",
            "en_vigueur_du",
            "jusqu_au",
            "source",
        ],
        meds,
    )
    providers = provider_rows()
    write_csv(
        SAMPLE / "prestataires.csv",
        PROVIDER_HEADER.format(n=len(providers)),
        [
            "inpe",
            "nom",
            "type",
            "specialite",
            "secteur",
            "ville",
            "adresse",
            "enregistrement_anam",
            "rib",
            "tiers_payant",
            "tiers_payant_depuis",
        ],
        providers,
    )
    print(f"medicaments.csv: {n_meds} médicaments, {len(meds)} lignes de prix")
    print(f"prestataires.csv: {len(providers)} prestataires")


if __name__ == "__main__":
    main()
