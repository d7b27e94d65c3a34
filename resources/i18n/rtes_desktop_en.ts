<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="fr_FR">
<context>
    <name>AddToSessionMenu</name>
    <message>
        <source>Ajouter à une &amp;session</source>
        <translation>Add to a &amp;session</translation>
    </message>
    <message>
        <source>Ajouter à une session</source>
        <translation>Add to a session</translation>
    </message>
    <message>
        <source>Déjà dans cette session : l’ajouter une autre fois</source>
        <translation>Already in this session: add it once more</translation>
    </message>
    <message>
        <source>&amp;Nouvelle session…</source>
        <translation>&amp;New session…</translation>
    </message>
    <message>
        <source>Ouvrez d’abord une fiche</source>
        <translation>Open an entry first</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Cette pièce jointe n’est pas disponible dans cette version.</source>
        <extracomment>xdg-open still running after this long has handed the file to an application that it waits for (some desktops do): that counts as opened. default PDF application (its desktop file, lower case, starts with) -&gt; (program, the arguments opening a file at a page: {page} counts from 1)</extracomment>
        <translation>This attachment is not available in this version.</translation>
    </message>
    <message>
        <source>« {0} » ouvert à la page {1}.</source>
        <translation>“{0}” opened at page {1}.</translation>
    </message>
    <message>
        <source>Aucune application ne sait ouvrir « {0} » ; le fichier est ici : {1}</source>
        <translation>No application can open “{0}”; the file is here: {1}</translation>
    </message>
    <message>
        <source>« {0} » ouvert dans l’application du système ; le passage est à la page {1} (cette application ne s’ouvre pas à une page donnée).</source>
        <translation>“{0}” opened in the system’s application; the passage is on page {1} (that application does not open at a given page).</translation>
    </message>
    <message>
        <source>« {0} » ouvert dans l’application du système.</source>
        <translation>“{0}” opened in the system’s application.</translation>
    </message>
    <message>
        <source>Pièce jointe « {0} » : {1}</source>
        <translation>Attachment “{0}”: {1}</translation>
    </message>
    <message>
        <source>La pièce jointe « {0} » n’a pas pu être ouverte ; détails dans le journal.</source>
        <translation>The attachment “{0}” could not be opened; details in the log.</translation>
    </message>
    <message>
        <source>Téléchargement de « {0} »…</source>
        <translation>Downloading “{0}”…</translation>
    </message>
</context>
<context>
    <name>BackupDialogs</name>
    <message>
        <source>note</source>
        <extracomment>Notes, tags and sessions shown by name in the preview (the counts say the rest).</extracomment>
        <translation>note</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>notes</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>tag</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>tags</translation>
    </message>
    <message>
        <source>session</source>
        <translation>session</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>sessions</translation>
    </message>
    <message>
        <source>automatique</source>
        <translation>automatic</translation>
    </message>
    <message>
        <source>manuelle</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>avant une mise à jour</source>
        <translation>before an upgrade</translation>
    </message>
    <message>
        <source>avant une synchronisation</source>
        <translation>before a sync</translation>
    </message>
    <message>
        <source>avant une restauration</source>
        <translation>before a restore</translation>
    </message>
    <message>
        <source>avant un import</source>
        <translation>before an import</translation>
    </message>
    <message>
        <source>L’opération a échoué de façon inattendue ; le détail est dans le fichier journal.</source>
        <translation>The operation failed unexpectedly; the details are in the log file.</translation>
    </message>
</context>
<context>
    <name>Confirmation</name>
    <message>
        <source>Confirmer</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DemoPrompt</name>
    <message>
        <source>Bibliothèque de démonstration</source>
        <translation>Demonstration library</translation>
    </message>
    <message>
        <source>Retirer la bibliothèque de démonstration ?</source>
        <translation>Remove the demonstration library?</translation>
    </message>
    <message>
        <source>Vous ajoutez une vraie source. Les fiches de démonstration ne sont que des exemples : retirées, elles ne se mêlent pas aux fiches du réseau. Celles que vous avez annotées restent lisibles depuis vos notes, vos tags et vos sessions. Vous pouvez aussi garder la démonstration et la retirer plus tard dans les Paramètres.</source>
        <translation>You are adding a real source. The demonstration entries are only examples: once removed, they do not mix with your network&apos;s entries. Those you annotated stay readable from your notes, tags and sessions. You can also keep the demonstration and remove it later in Settings.</translation>
    </message>
    <message>
        <source>Retirer la démonstration</source>
        <translation>Remove the demonstration</translation>
    </message>
    <message>
        <source>Garder la démonstration</source>
        <translation>Keep the demonstration</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ExceptionHook</name>
    <message>
        <source>Une erreur inattendue s’est produite ; elle est consignée dans le fichier journal ({0}). Vous pouvez continuer à travailler.</source>
        <translation>An unexpected error occurred; it is recorded in the log file ({0}). You can go on working.</translation>
    </message>
</context>
<context>
    <name>FacetBar</name>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Thème</source>
        <translation>Theme</translation>
    </message>
    <message>
        <source>Année</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Région</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Mes tags</source>
        <translation>My tags</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Autres valeurs de {0} ({1})</source>
        <translation>Other values of {0} ({1})</translation>
    </message>
    <message>
        <source>Filtres</source>
        <translation>Filters</translation>
    </message>
    <message>
        <source>Affiner les résultats par type, thème, année, région ou tag ; un filtre actif se retire par ✕.</source>
        <translation>Narrow the results by type, theme, year, region or tag; remove an active filter with ✕.</translation>
    </message>
    <message>
        <source>Effacer les filtres</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>Effacer tous les filtres</source>
        <translation>Clear all filters</translation>
    </message>
    <message>
        <source>Retirer le filtre {0} : {1}</source>
        <translation>Remove the filter {0}: {1}</translation>
    </message>
    <message>
        <source>Retirer ce filtre</source>
        <translation>Remove this filter</translation>
    </message>
    <message>
        <source>Filtrer par {0} : {1}, {2} résultats</source>
        <translation>Filter by {0}: {1}, {2} results</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Rechercher dans la fiche</source>
        <translation>Find in this entry</translation>
    </message>
    <message>
        <source>Précédent (Maj+Entrée, Maj+F3)</source>
        <translation>Previous (Shift+Enter, Shift+F3)</translation>
    </message>
    <message>
        <source>Suivant (Entrée, F3)</source>
        <translation>Next (Enter, F3)</translation>
    </message>
    <message>
        <source>Fermer (Échap)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>Aucun résultat</source>
        <translation>No match</translation>
    </message>
</context>
<context>
    <name>HandoutController</name>
    <message>
        <source>Ouvrez une fiche ou une session pour l&apos;imprimer.</source>
        <translation>Open an entry or a session to print it.</translation>
    </message>
    <message>
        <source>Exporter la fiche en PDF</source>
        <translation>Export the entry as PDF</translation>
    </message>
    <message>
        <source>Exporter la session</source>
        <translation>Export the session</translation>
    </message>
    <message>
        <source>Document PDF (*.pdf)</source>
        <translation>PDF document (*.pdf)</translation>
    </message>
    <message>
        <source>Page web (*.html)</source>
        <translation>Web page (*.html)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Session partagée (*.rtes-session)</source>
        <translation>Shared session (*.rtes-session)</translation>
    </message>
    <message>
        <source>En attente de vos dernières modifications…</source>
        <translation>Waiting for your latest changes…</translation>
    </message>
    <message>
        <source>Export PDF : page {n} sur {total}…</source>
        <translation>PDF export: page {n} of {total}…</translation>
    </message>
    <message>
        <source>Support écrit dans {path}</source>
        <translation>Handout written to {path}</translation>
    </message>
    <message>
        <source>Choisissez d&apos;abord une session à partager.</source>
        <translation>Choose a session to share first.</translation>
    </message>
    <message>
        <source>Partager la session</source>
        <translation>Share the session</translation>
    </message>
    <message>
        <source>Joindre vos commentaires sur les fiches ? « Non » les garde privés.</source>
        <translation>Include your comments on the fiches? “No” keeps them private.</translation>
    </message>
    <message>
        <source>Session partagée dans {path}</source>
        <translation>Session shared in {path}</translation>
    </message>
    <message>
        <source>Importer une session</source>
        <translation>Import a session</translation>
    </message>
    <message>
        <source>Session partagée (*.rtes-session);;Tous les fichiers (*)</source>
        <translation>Shared session (*.rtes-session);;All files (*)</translation>
    </message>
    <message>
        <source>Session « {name} » déjà importée : rien n&apos;a changé</source>
        <translation>Session “{name}” already imported: nothing changed</translation>
    </message>
    <message>
        <source>Session « {name} » importée ({n} éléments)</source>
        <translation>Session “{name}” imported ({n} items)</translation>
    </message>
    <message>
        <source> ; {n} fiche(s) absente(s) : synchronisez leur source</source>
        <translation>; {n} entries missing: sync their source</translation>
    </message>
    <message>
        <source>Erreur inattendue : {e}</source>
        <translation>Unexpected error: {e}</translation>
    </message>
    <message>
        <source>Bibliothèque RTES</source>
        <translation>RTES Library</translation>
    </message>
</context>
<context>
    <name>HandoutDialog</name>
    <message>
        <source>Exporter la session</source>
        <extracomment>The library setting holding the remembered choices.</extracomment>
        <translation>Export the session</translation>
    </message>
    <message>
        <source>Support de la session « {name} »</source>
        <translation>Handout of the session “{name}”</translation>
    </message>
    <message>
        <source>⚠ {n} fiche(s) mise(s) à jour depuis leur ajout à la session</source>
        <translation>⚠ {n} entries updated since they were added to the session</translation>
    </message>
    <message>
        <source>&amp;Format :</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>facultatif</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>F&amp;ormateur :</source>
        <translation>Tr&amp;ainer:</translation>
    </message>
    <message>
        <source>Or&amp;ganisme :</source>
        <translation>Or&amp;ganisation:</translation>
    </message>
    <message>
        <source>Texte &amp;intégral des fiches</source>
        <translation>&amp;Full text of the entries</translation>
    </message>
    <message>
        <source>&amp;Résumé seulement</source>
        <translation>&amp;Summary only</translation>
    </message>
    <message>
        <source>Texte intégral, fiche par fiche :</source>
        <translation>Full text, entry by entry:</translation>
    </message>
    <message>
        <source>Texte intégral, fiche par fiche</source>
        <translation>Full text, entry by entry</translation>
    </message>
    <message>
        <source>Inclure mes &amp;commentaires (privés sinon)</source>
        <translation>Include my &amp;comments (private otherwise)</translation>
    </message>
    <message>
        <source>Inclure les &amp;notes libres</source>
        <translation>Include the free &amp;notes</translation>
    </message>
    <message>
        <source>Lister les &amp;pièces jointes</source>
        <translation>List the &amp;attachments</translation>
    </message>
    <message>
        <source>&amp;Exporter…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>&amp;Aperçu avant impression…</source>
        <translation>Print pre&amp;view…</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>À propos de la bibliothèque RTES</source>
        <translation>About the RTES library</translation>
    </message>
    <message>
        <source>Bibliothèque RTES</source>
        <translation>RTES library</translation>
    </message>
    <message>
        <source>Les ressources du Réseau des collectivités Territoriales pour une Économie Solidaire, hors ligne : recherche, notes, tags et synchronisation signée.</source>
        <translation>The resources of the Réseau des collectivités Territoriales pour une Économie Solidaire, offline: search, notes, tags and signed sync.</translation>
    </message>
    <message>
        <source>Logiciel libre sous licence EUPL-1.2 (Licence publique de l’Union européenne).</source>
        <translation>Free software under the EUPL-1.2 licence (European Union Public Licence).</translation>
    </message>
    <message>
        <source>Dossier de données : {0}</source>
        <translation>Data folder: {0}</translation>
    </message>
    <message>
        <source>Fichier journal : {0}</source>
        <translation>Log file: {0}</translation>
    </message>
    <message>
        <source>À propos</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Recherche : aller aux résultats</source>
        <extracomment>Keys that act inside one part of the window (not menu actions), for F1. Key names come from Qt (« Échap » in French, « Esc » in English: its own translations).</extracomment>
        <translation>Search: go to the results</translation>
    </message>
    <message>
        <source>Recherche : parcourir les suggestions affichées</source>
        <translation>Search: browse the suggestions shown</translation>
    </message>
    <message>
        <source>Recherche : chercher, ou prendre la suggestion choisie</source>
        <translation>Search: search, or take the chosen suggestion</translation>
    </message>
    <message>
        <source>Fermer ce qui est ouvert ; deux fois : effacer la recherche</source>
        <translation>Close what is open; twice: clear the search</translation>
    </message>
    <message>
        <source>Résultats : passer d&apos;une fiche à l&apos;autre</source>
        <translation>Results: move from one entry to the next</translation>
    </message>
    <message>
        <source>Résultats : ouvrir la fiche</source>
        <translation>Results: open the entry</translation>
    </message>
    <message>
        <source>Passer d&apos;une zone à la suivante, à la précédente</source>
        <translation>Move to the next, the previous part of the window</translation>
    </message>
    <message>
        <source>Notes : nouvelle note</source>
        <translation>Notes: new note</translation>
    </message>
    <message>
        <source>Notes, sessions : annuler la suppression</source>
        <translation>Notes, sessions: undo the deletion</translation>
    </message>
    <message>
        <source>Sessions : renommer la session, commenter l&apos;élément</source>
        <translation>Sessions: rename the session, comment on the item</translation>
    </message>
    <message>
        <source>Sessions : monter, descendre l&apos;élément</source>
        <translation>Sessions: move the item up, down</translation>
    </message>
    <message>
        <source>Sessions : retirer l&apos;élément</source>
        <translation>Sessions: remove the item</translation>
    </message>
    <message>
        <source>Sessions : exporter la session</source>
        <translation>Sessions: export the session</translation>
    </message>
    <message>
        <source>Raccourcis clavier</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Le fichier journal est ici : {0}</source>
        <translation>The log file is here: {0}</translation>
    </message>
    <message>
        <source>Le dossier de données est ici : {0}</source>
        <translation>The data folder is here: {0}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>note</source>
        <translation>note</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>notes</translation>
    </message>
    <message>
        <source> (dont {0} modifiée(s) des deux côtés : les deux versions sont gardées)</source>
        <translation> ({0} edited on both sides: both versions are kept)</translation>
    </message>
    <message>
        <source>{0}, posés {1} fois</source>
        <translation>{0}, put on {1} times</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>tag</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>tags</translation>
    </message>
    <message>
        <source>{0} ({1} éléments)</source>
        <translation>{0} ({1} items)</translation>
    </message>
    <message>
        <source>session</source>
        <translation>session</translation>
    </message>
    <message>
        <source>sessions</source>
        <translation>sessions</translation>
    </message>
    <message>
        <source>réglage</source>
        <translation>setting</translation>
    </message>
    <message>
        <source>réglages</source>
        <translation>settings</translation>
    </message>
    <message>
        <source>sources : {0}</source>
        <translation>sources: {0}</translation>
    </message>
    <message>
        <source>clé de confiance</source>
        <translation>trusted key</translation>
    </message>
    <message>
        <source>clés de confiance</source>
        <translation>trusted keys</translation>
    </message>
    <message>
        <source>{0} exportés dans {1}</source>
        <translation>{0} exported to {1}</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Importer mes données</source>
        <translation>Import my data</translation>
    </message>
    <message>
        <source>Fichier : {0}</source>
        <translation>File: {0}</translation>
    </message>
    <message>
        <source>Lecture du fichier…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>Ce que l’import ajoutera</source>
        <translation>What the import will add</translation>
    </message>
    <message>
        <source>L’import ajoute seulement ce qui manque : rien n’est remplacé ni supprimé. Une sauvegarde de l’état actuel est prise juste avant.</source>
        <translation>The import only adds what is missing: nothing is replaced or deleted. A backup of the current state is taken just before.</translation>
    </message>
    <message>
        <source>Importer</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Importer ces données</source>
        <translation>Import this data</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Rien à ajouter : tout ce que contient ce fichier est déjà dans la bibliothèque.</source>
        <translation>Nothing to add: everything in this file is already in the library.</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Seront ajoutés à votre bibliothèque :</source>
        <translation>Will be added to your library:</translation>
    </message>
    <message>
        <source>Import en cours…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>Importé dans votre bibliothèque :</source>
        <translation>Imported into your library:</translation>
    </message>
</context>
<context>
    <name>LibraryStatus</name>
    <message>
        <source>Dernière synchronisation : {0}</source>
        <translation>Last sync: {0}</translation>
    </message>
    <message>
        <source>Jamais synchronisée</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>Bibliothèque de démonstration : aucune synchronisation</source>
        <translation>Demonstration library: no sync</translation>
    </message>
    <message>
        <source>L’export de « {0} » a expiré le {1} : des mises à jour peuvent manquer</source>
        <translation>The export of “{0}” expired on {1}: updates may be missing</translation>
    </message>
    <message>
        <source>Les exports de {0} ont expiré : des mises à jour peuvent manquer</source>
        <translation>The exports of {0} have expired: updates may be missing</translation>
    </message>
    <message>
        <source>État de l’index de recherche</source>
        <translation>Search index status</translation>
    </message>
    <message>
        <source>Préparation de l’index de recherche</source>
        <translation>Preparing the search index</translation>
    </message>
    <message>
        <source>Avertissement d’expiration</source>
        <translation>Expiry warning</translation>
    </message>
    <message>
        <source>Dernière synchronisation</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Nouvelle version</source>
        <translation>New version</translation>
    </message>
    <message>
        <source>Une nouvelle version est disponible ({0})</source>
        <translation>A new version is available ({0})</translation>
    </message>
    <message>
        <source>Cette version n’est plus prise en charge par {0}</source>
        <translation>This version is no longer supported by {0}</translation>
    </message>
    <message>
        <source>Annoncée par {0}</source>
        <translation>Announced by {0}</translation>
    </message>
    <message>
        <source>Préparation de la recherche…</source>
        <translation>Preparing search…</translation>
    </message>
    <message>
        <source>Recherche simple (index indisponible)</source>
        <translation>Simple search (index unavailable)</translation>
    </message>
    <message>
        <source>Préparation de la recherche… {0} %</source>
        <translation>Preparing search… {0}%</translation>
    </message>
</context>
<context>
    <name>LocationEdit</name>
    <message>
        <source>https://… ou chemin d&apos;un .zip ou d&apos;un dossier</source>
        <translation>https://… or the path of a .zip or a folder</translation>
    </message>
    <message>
        <source>Adresse de l&apos;exportation</source>
        <translation>Export address</translation>
    </message>
    <message>
        <source>Fichier .zip…</source>
        <translation>.zip file…</translation>
    </message>
    <message>
        <source>Choisir un fichier .zip</source>
        <translation>Choose a .zip file</translation>
    </message>
    <message>
        <source>Dossier…</source>
        <translation>Folder…</translation>
    </message>
    <message>
        <source>Choisir un dossier d&apos;exportation</source>
        <translation>Choose an export folder</translation>
    </message>
    <message>
        <source>Choisir une exportation (.zip)</source>
        <translation>Choose an export (.zip)</translation>
    </message>
    <message>
        <source>Exportations (*.zip)</source>
        <translation>Exports (*.zip)</translation>
    </message>
    <message>
        <source>Tous les fichiers (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>Choisir le dossier d&apos;une exportation</source>
        <translation>Choose the folder of an export</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Bibliothèque RTES</source>
        <translation>RTES Library</translation>
    </message>
    <message>
        <source>Mes notes</source>
        <translation>My notes</translation>
    </message>
    <message>
        <source>Mes tags et mes notes</source>
        <translation>My tags and notes</translation>
    </message>
    <message>
        <source>Mes tags</source>
        <translation>My tags</translation>
    </message>
    <message>
        <source>Barre d’outils</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>Synchroniser</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Synchroniser (F5)</source>
        <translation>Sync (F5)</translation>
    </message>
    <message>
        <source>La recherche plein texte n’est pas disponible.</source>
        <translation>Full-text search is not available.</translation>
    </message>
</context>
<context>
    <name>ManageTagsDialog</name>
    <message>
        <source>Gérer mes tags</source>
        <translation>Manage my tags</translation>
    </message>
    <message>
        <source>Mes tags</source>
        <translation>My tags</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Fiches</source>
        <translation>Entries</translation>
    </message>
    <message>
        <source>Renommer…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <source>Renommer le tag</source>
        <translation>Rename the tag</translation>
    </message>
    <message>
        <source>Renommer le tag (F2) ; un nom existant fusionne les deux tags</source>
        <translation>Rename the tag (F2); an existing name merges the two tags</translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Supprimer le tag de toutes les fiches</source>
        <translation>Remove the tag from every entry</translation>
    </message>
    <message>
        <source>Aucun tag pour l&apos;instant : ajoutez-en depuis une fiche.</source>
        <translation>No tags yet: add some from an entry.</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Le tag « {new} » existe déjà. Fusionner « {old} » dans « {new} » ? Les fiches des deux tags porteront « {new} ».</source>
        <translation>The tag “{new}” already exists. Merge “{old}” into “{new}”? The entries of both tags will carry “{new}”.</translation>
    </message>
    <message>
        <source>Fusionner les tags</source>
        <translation>Merge tags</translation>
    </message>
    <message>
        <source>Retirer le tag « {name} » de {count} fiche(s) ? Les fiches elles-mêmes ne sont pas supprimées.</source>
        <translation>Remove the tag “{name}” from {count} entry(ies)? The entries themselves are not deleted.</translation>
    </message>
    <message>
        <source>Supprimer le tag</source>
        <translation>Delete the tag</translation>
    </message>
</context>
<context>
    <name>NewsView</name>
    <message>
        <source>Nouveautés</source>
        <translation>What&apos;s new</translation>
    </message>
    <message>
        <source>Fiches nouvelles et mises à jour</source>
        <translation>New and updated entries</translation>
    </message>
    <message>
        <source>Fiche</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Reçue le</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Nouvelles fiches ({0})</source>
        <translation>New entries ({0})</translation>
    </message>
    <message>
        <source>Mises à jour ({0})</source>
        <translation>Updated ({0})</translation>
    </message>
    <message>
        <source>{0} nouvelle(s) fiche(s) et {1} mise(s) à jour reçues.</source>
        <translation>{0} new entries and {1} updates received.</translation>
    </message>
    <message>
        <source>Rien de nouveau depuis votre dernière visite.</source>
        <translation>Nothing new since your last visit.</translation>
    </message>
</context>
<context>
    <name>NotesListView</name>
    <message>
        <source>Mes notes</source>
        <translation>My notes</translation>
    </message>
    <message>
        <source>Nombre de notes</source>
        <translation>Number of notes</translation>
    </message>
    <message>
        <source>Rechercher dans mes notes…</source>
        <translation>Search my notes…</translation>
    </message>
    <message>
        <source>Rechercher dans mes notes</source>
        <translation>Search my notes</translation>
    </message>
    <message>
        <source>Liste de toutes les notes</source>
        <translation>List of all notes</translation>
    </message>
    <message>
        <source>Fiche</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>Modifiée le</source>
        <translation>Modified</translation>
    </message>
    <message>
        <source>Début de la note</source>
        <translation>Beginning of the note</translation>
    </message>
    <message>
        <source>Note libre</source>
        <translation>Free note</translation>
    </message>
    <message>
        <source>Note vide</source>
        <translation>Empty note</translation>
    </message>
    <message>
        <source>Aucune note</source>
        <translation>No notes</translation>
    </message>
    <message>
        <source>1 note</source>
        <translation>1 note</translation>
    </message>
    <message>
        <source>{n} notes</source>
        <translation>{n} notes</translation>
    </message>
    <message>
        <source>{shown} sur {total} notes</source>
        <translation>{shown} of {total} notes</translation>
    </message>
    <message>
        <source>Aucune note pour l&apos;instant. Ouvrez une fiche et choisissez « Nouvelle note » dans le panneau des notes.</source>
        <translation>No notes yet. Open an entry and choose “New note” in the notes panel.</translation>
    </message>
    <message>
        <source>Aucune note ne contient « {text} ».</source>
        <translation>No note contains “{text}”.</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Notes personnelles</source>
        <translation>Personal notes</translation>
    </message>
    <message>
        <source>Nouvelle note</source>
        <translation>New note</translation>
    </message>
    <message>
        <source>Écrire une nouvelle note (Ctrl+Maj+N)</source>
        <translation>Write a new note (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>Liste des notes</source>
        <translation>List of notes</translation>
    </message>
    <message>
        <source>Dates de la note</source>
        <translation>Dates of the note</translation>
    </message>
    <message>
        <source>État de l&apos;enregistrement</source>
        <translation>Save status</translation>
    </message>
    <message>
        <source>La fiche a été mise à jour depuis cette note</source>
        <translation>The entry has been updated since this note</translation>
    </message>
    <message>
        <source>Texte de la note</source>
        <translation>Text of the note</translation>
    </message>
    <message>
        <source>Texte en Markdown, enregistré automatiquement pendant la frappe</source>
        <translation>Markdown text, saved automatically as you type</translation>
    </message>
    <message>
        <source>Écrivez votre note (Markdown accepté)…</source>
        <translation>Write your note (Markdown accepted)…</translation>
    </message>
    <message>
        <source>Aperçu de la note</source>
        <translation>Preview of the note</translation>
    </message>
    <message>
        <source>Écrire ou prévisualiser la note</source>
        <translation>Write or preview the note</translation>
    </message>
    <message>
        <source>Écrire</source>
        <translation>Write</translation>
    </message>
    <message>
        <source>Aperçu</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Supprimer la note</source>
        <translation>Delete the note</translation>
    </message>
    <message>
        <source>Note supprimée</source>
        <translation>Note deleted</translation>
    </message>
    <message>
        <source>Note supprimée.</source>
        <translation>Note deleted.</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Annuler la suppression de la note</source>
        <translation>Undo deleting the note</translation>
    </message>
    <message>
        <source>Remettre la note supprimée (Ctrl+Z)</source>
        <translation>Bring back the deleted note (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Notes sur « {title} »</source>
        <translation>Notes on “{title}”</translation>
    </message>
    <message>
        <source>Notes sur {key}</source>
        <translation>Notes on {key}</translation>
    </message>
    <message>
        <source>Notes libres</source>
        <translation>Free notes</translation>
    </message>
    <message>
        <source>Enregistrement…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>note vide</source>
        <translation>empty note</translation>
    </message>
    <message>
        <source>Note « {name} » supprimée.</source>
        <translation>Note “{name}” deleted.</translation>
    </message>
    <message>
        <source>Aucune note sur cette fiche. « Nouvelle note » pour en écrire une.</source>
        <translation>No notes on this entry. “New note” to write one.</translation>
    </message>
    <message>
        <source>Aucune note libre. « Nouvelle note » pour en écrire une.</source>
        <translation>No free notes. “New note” to write one.</translation>
    </message>
    <message>
        <source>Note vide</source>
        <translation>Empty note</translation>
    </message>
    <message>
        <source>Créée le {created} · modifiée le {updated}</source>
        <translation>Created {created} · modified {updated}</translation>
    </message>
    <message>
        <source>Créée le {created}</source>
        <translation>Created {created}</translation>
    </message>
    <message>
        <source>Modifiée</source>
        <translation>Modified</translation>
    </message>
    <message>
        <source>Enregistrée</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>Non enregistrée</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>La note n&apos;a pas pu être enregistrée : {reason}</source>
        <translation>The note could not be saved: {reason}</translation>
    </message>
</context>
<context>
    <name>ReaderArea</name>
    <message>
        <source>Notes et tags</source>
        <extracomment>What the window&apos;s first layout aims the reader at on a narrow screen. The reader&apos;s own margin around the text (QTextDocument.documentMargin).</extracomment>
        <translation>Notes and tags</translation>
    </message>
    <message>
        <source>Afficher vos notes et vos tags sur cette fiche</source>
        <translation>Show your notes and tags on this entry</translation>
    </message>
</context>
<context>
    <name>ReaderView</name>
    <message>
        <source>Lecteur</source>
        <translation>Reader</translation>
    </message>
    <message>
        <source>Le texte de la ressource choisie. Alt+Gauche et Alt+Droite pour revenir en arrière ou aller en avant.</source>
        <translation>The text of the chosen resource. Alt+Left and Alt+Right to go back or forward.</translation>
    </message>
    <message>
        <source>Choisissez une ressource dans la liste</source>
        <translation>Choose a resource in the list</translation>
    </message>
    <message>
        <source>Elle s&apos;affichera ici, avec ses thèmes, ses pièces jointes et vos notes.</source>
        <translation>It will be shown here, with its themes, its attachments and your notes.</translation>
    </message>
    <message>
        <source>Exemple de la bibliothèque de démonstration</source>
        <translation>Example from the demonstration library</translation>
    </message>
    <message>
        <source>— elle n’est plus dans la bibliothèque de démonstration. Elle reste lisible ici parce que vous l’avez annotée ou taguée.</source>
        <translation>— it is no longer in the demonstration library. It stays readable here because you annotated or tagged it.</translation>
    </message>
    <message>
        <source>Retirée par l’éditeur</source>
        <translation>Withdrawn by the publisher</translation>
    </message>
    <message>
        <source>le {0}. Elle reste lisible ici parce que vous l’avez annotée ou taguée ; elle n’est peut-être plus à jour.</source>
        <translation>on {0}. It stays readable here because you annotated or tagged it; it may no longer be up to date.</translation>
    </message>
    <message>
        <source>À jour au {0}</source>
        <translation>Up to date as of {0}</translation>
    </message>
    <message>
        <source>Auteurs : {0}</source>
        <translation>Authors: {0}</translation>
    </message>
    <message>
        <source>Voir sur le site de l’éditeur</source>
        <translation>See on the publisher’s site</translation>
    </message>
    <message>
        <source>Ce texte est affiché sans mise en forme : il est trop long ou trop complexe pour être mis en forme.</source>
        <translation>This text is shown without formatting: it is too long or too complex to format.</translation>
    </message>
    <message>
        <source>Seuls les {0} premiers caractères sont affichés.</source>
        <translation>Only the first {0} characters are shown.</translation>
    </message>
    <message>
        <source>Voir aussi</source>
        <translation>See also</translation>
    </message>
    <message>
        <source>Dans le PDF « {0} », p. {1}</source>
        <translation>In the PDF “{0}”, p. {1}</translation>
    </message>
    <message>
        <source>Ouvrir le PDF à cette page</source>
        <translation>Open the PDF at this page</translation>
    </message>
    <message>
        <source>ouvrir</source>
        <translation>open</translation>
    </message>
    <message>
        <source>télécharger puis ouvrir</source>
        <translation>download, then open</translation>
    </message>
    <message>
        <source>Pièces jointes</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>Ouvert dans le navigateur : {0}</source>
        <translation>Opened in the browser: {0}</translation>
    </message>
    <message>
        <source>Cette ressource n’est pas dans la bibliothèque : {0}</source>
        <translation>This resource is not in the library: {0}</translation>
    </message>
</context>
<context>
    <name>RecheckView</name>
    <message>
        <source>À revérifier</source>
        <translation>To re-check</translation>
    </message>
    <message>
        <source>Ces notes portent sur des fiches mises à jour depuis que vous les avez écrites. Relisez les changements, puis marquez la note comme revérifiée.</source>
        <translation>These notes are about entries updated since you wrote them. Read the changes, then mark the note as re-checked.</translation>
    </message>
    <message>
        <source>Notes à revérifier</source>
        <translation>Notes to re-check</translation>
    </message>
    <message>
        <source>Changements de la fiche</source>
        <translation>Changes to the entry</translation>
    </message>
    <message>
        <source>&amp;Marquer comme revérifiée</source>
        <translation>&amp;Mark as re-checked</translation>
    </message>
    <message>
        <source>&amp;Ouvrir la fiche</source>
        <translation>&amp;Open the entry</translation>
    </message>
    <message>
        <source>Aucune note à revérifier.</source>
        <translation>No note to re-check.</translation>
    </message>
    <message>
        <source>Ce qui a changé dans la fiche :</source>
        <translation>What changed in the entry:</translation>
    </message>
    <message>
        <source>À revérifier ({n})</source>
        <translation>To re-check ({n})</translation>
    </message>
    <message>
        <source>Note n°{id} sur &lt;b&gt;{title}&lt;/b&gt; — fiche mise à jour le {date}</source>
        <translation>Note #{id} on &lt;b&gt;{title}&lt;/b&gt; — entry updated on {date}</translation>
    </message>
    <message>
        <source>L&apos;ancienne version de la fiche n&apos;a pas été conservée.</source>
        <translation>The former version of the entry was not kept.</translation>
    </message>
</context>
<context>
    <name>RecoveryBar</name>
    <message>
        <source>Bibliothèque récupérée</source>
        <extracomment>The automatic backup is checked this often during a session (cheap when there is nothing to do: a directory listing; it takes one at most once a day, after a change).</extracomment>
        <translation>Library recovered</translation>
    </message>
    <message>
        <source>Synchroniser maintenant</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Fermer ce message</source>
        <translation>Close this message</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restaurer une sauvegarde</source>
        <translation>Restore a backup</translation>
    </message>
    <message>
        <source>Vos notes, tags et sessions sont sauvegardés chaque jour où ils changent. Restaurer une sauvegarde remplace les vôtres par les siens ; l’état actuel est d’abord sauvegardé, pour pouvoir revenir en arrière. Le contenu des sources n’est pas dans les sauvegardes : la synchronisation le ramène.</source>
        <translation>Your notes, tags and sessions are backed up every day they change. Restoring a backup replaces yours with its own; the current state is backed up first, so you can go back. The sources&apos; content is not in the backups: syncing brings it back.</translation>
    </message>
    <message>
        <source>Sauvegardes</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Contenu</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>Prise</source>
        <translation>Taken</translation>
    </message>
    <message>
        <source>Aperçu de la sauvegarde</source>
        <translation>Backup preview</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Restaurer…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <source>Restaurer la sauvegarde choisie</source>
        <translation>Restore the chosen backup</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Aucune sauvegarde pour l’instant : la première est prise automatiquement dès que vous avez écrit une note, posé un tag ou créé une session.</source>
        <translation>No backup yet: the first one is taken automatically once you have written a note, put a tag or created a session.</translation>
    </message>
    <message>
        <source>Lecture de la sauvegarde…</source>
        <translation>Reading the backup…</translation>
    </message>
    <message>
        <source>Sauvegarde du {0}</source>
        <translation>Backup of {0}</translation>
    </message>
    <message>
        <source>aucun élément</source>
        <translation>none</translation>
    </message>
    <message>
        <source>(note vide)</source>
        <translation>(empty note)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>… et {0} de plus</source>
        <translation>… and {0} more</translation>
    </message>
    <message>
        <source>Restaurer la sauvegarde du {0} ?</source>
        <translation>Restore the backup of {0}?</translation>
    </message>
    <message>
        <source>Vos notes, tags et sessions actuels seront remplacés par ceux de cette sauvegarde ({0}). L’état actuel est d’abord sauvegardé : vous pourrez revenir en arrière en restaurant cette nouvelle sauvegarde.</source>
        <translation>Your current notes, tags and sessions will be replaced by this backup&apos;s ({0}). The current state is backed up first: you can go back by restoring that new backup.</translation>
    </message>
    <message>
        <source>Restaurer</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Restauration en cours…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <source>Sauvegarde du {0} restaurée. L’état d’avant est gardé dans la sauvegarde du {1} : restaurez-la pour revenir en arrière.</source>
        <translation>Backup of {0} restored. The state before is kept in the backup of {1}: restore it to go back.</translation>
    </message>
    <message>
        <source>Sauvegarde du {0} restaurée.</source>
        <translation>Backup of {0} restored.</translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message>
        <source>retirée par l&apos;éditeur</source>
        <translation>withdrawn by the publisher</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>retirée par l&apos;éditeur</source>
        <translation>withdrawn by the publisher</translation>
    </message>
    <message>
        <source>thèmes : </source>
        <translation>themes: </translation>
    </message>
    <message>
        <source>{0} note(s)</source>
        <translation>{0} note(s)</translation>
    </message>
    <message>
        <source>mes tags : </source>
        <translation>my tags: </translation>
    </message>
    <message>
        <source>dans le PDF « {0} », p. {1}</source>
        <translation>in the PDF “{0}”, p. {1}</translation>
    </message>
    <message>
        <source>dans le PDF « {0} », pp. {1}</source>
        <translation>in the PDF “{0}”, pp. {1}</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>Nombre de résultats</source>
        <translation>Number of results</translation>
    </message>
    <message>
        <source>Trier par</source>
        <translation>Sort by</translation>
    </message>
    <message>
        <source>Pertinence</source>
        <translation>Relevance</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Trier les résultats par</source>
        <translation>Sort the results by</translation>
    </message>
    <message>
        <source>Pertinence, ou date de publication (récent d&apos;abord)</source>
        <translation>Relevance, or publication date (newest first)</translation>
    </message>
    <message>
        <source>Résultats</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Les ressources trouvées ; Entrée ouvre la ressource choisie dans le lecteur.</source>
        <translation>The resources found; Enter opens the chosen resource in the reader.</translation>
    </message>
    <message>
        <source>Aucun résultat</source>
        <translation>No results</translation>
    </message>
    <message>
        <source>résultat</source>
        <translation>result</translation>
    </message>
    <message>
        <source>ressource</source>
        <translation>resource</translation>
    </message>
    <message>
        <source>essayez aussi {0}</source>
        <translation>also try {0}</translation>
    </message>
    <message>
        <source>titres et résumés seulement, index en préparation</source>
        <translation>titles and summaries only, index being prepared</translation>
    </message>
    <message>
        <source>vérifiez l&apos;orthographe : {0}</source>
        <translation>check the spelling: {0}</translation>
    </message>
    <message>
        <source>&lt;a href=&apos;clear:&apos;&gt;retirer les filtres&lt;/a&gt;</source>
        <translation>&lt;a href=&apos;clear:&apos;&gt;remove the filters&lt;/a&gt;</translation>
    </message>
    <message>
        <source>moins de mots</source>
        <translation>fewer words</translation>
    </message>
    <message>
        <source>un mot plus général, ou un synonyme</source>
        <translation>a more general word, or a synonym</translation>
    </message>
    <message>
        <source>Aucun résultat pour « {0} »</source>
        <translation>No results for “{0}”</translation>
    </message>
    <message>
        <source>Aucune ressource avec ces filtres</source>
        <translation>No resources with these filters</translation>
    </message>
    <message>
        <source>La bibliothèque est vide</source>
        <translation>The library is empty</translation>
    </message>
    <message>
        <source>synchronisez la source du réseau (F5) ou un fichier .zip</source>
        <translation>sync the network’s source (F5) or a .zip file</translation>
    </message>
    <message>
        <source>Essayez :</source>
        <translation>Try:</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Rechercher dans la bibliothèque… (Ctrl+K)</source>
        <translation>Search the library… (Ctrl+K)</translation>
    </message>
    <message>
        <source>Rechercher</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Tapez des mots : les résultats s&apos;affichent au fur et à mesure. Flèche bas pour parcourir les résultats, Tab pour parcourir les suggestions, Échap deux fois pour effacer.</source>
        <translation>Type words: the results show as you type. Down arrow to browse the results, Tab to browse the suggestions, Esc twice to clear.</translation>
    </message>
    <message>
        <source>Échap de nouveau pour effacer la recherche</source>
        <translation>Esc again to clear the search</translation>
    </message>
    <message>
        <source>Suggestions de recherche</source>
        <extracomment>tried in order on Échap before the query is touched; each closes what it owns (a find bar, the reading mode…) and returns True if it closed something</extracomment>
        <translation>Search suggestions</translation>
    </message>
</context>
<context>
    <name>SecondBackupFolderField</name>
    <message>
        <source>Second dossier de sauvegarde</source>
        <translation>Second backup folder</translation>
    </message>
    <message>
        <source>Choisir…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Choisir le second dossier de sauvegarde</source>
        <translation>Choose the second backup folder</translation>
    </message>
    <message>
        <source>Retirer</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Ne plus utiliser ce dossier</source>
        <translation>Stop using this folder</translation>
    </message>
    <message>
        <source>Une copie de chaque sauvegarde y est faite (lecteur réseau, dossier synchronisé…).</source>
        <translation>A copy of every backup is made there (network drive, synced folder…).</translation>
    </message>
    <message>
        <source>Préréglé par le service informatique ; « Choisir… » le remplace pour vous.</source>
        <translation>Preset by your IT department; “Choose…” replaces it for you.</translation>
    </message>
    <message>
        <source>Aucun : les sauvegardes restent dans le dossier de données</source>
        <translation>None: backups stay in the data folder</translation>
    </message>
    <message>
        <source>Un lecteur réseau ou un dossier synchronisé garde une copie hors de ce PC.</source>
        <translation>A network drive or a synced folder keeps a copy off this PC.</translation>
    </message>
</context>
<context>
    <name>SessionDialogs</name>
    <message>
        <source>Supprimer la session</source>
        <translation>Delete the session</translation>
    </message>
    <message>
        <source>Supprimer la session « {name} » ?</source>
        <translation>Delete the session “{name}”?</translation>
    </message>
    <message>
        <source>La session et vos commentaires sur ses éléments seront supprimés. Les fiches et vos notes restent dans la bibliothèque.</source>
        <translation>The session and your comments on its items will be deleted. The entries and your notes stay in the library.</translation>
    </message>
    <message>
        <source>Supprimer</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SessionItems</name>
    <message>
        <source>absente de votre bibliothèque : synchronisez la source {source}</source>
        <translation>not in your library: sync the source {source}</translation>
    </message>
    <message>
        <source>Ressource introuvable</source>
        <translation>Entry not found</translation>
    </message>
    <message>
        <source>exemple de la bibliothèque de démonstration</source>
        <translation>example from the demonstration library</translation>
    </message>
    <message>
        <source>retirée par l’éditeur</source>
        <translation>withdrawn by the publisher</translation>
    </message>
    <message>
        <source>Note supprimée</source>
        <translation>Deleted note</translation>
    </message>
    <message>
        <source>Elle n’existe plus : retirez-la de la session</source>
        <translation>It no longer exists: remove it from the session</translation>
    </message>
    <message>
        <source>Note vide</source>
        <translation>Empty note</translation>
    </message>
    <message>
        <source>Note sur une fiche</source>
        <translation>Note on an entry</translation>
    </message>
    <message>
        <source>Note personnelle</source>
        <translation>Personal note</translation>
    </message>
</context>
<context>
    <name>SessionItemsList</name>
    <message>
        <source>, commentaire : {comment}</source>
        <translation>, comment: {comment}</translation>
    </message>
</context>
<context>
    <name>SessionsSection</name>
    <message>
        <source>Mes sessions</source>
        <translation>My sessions</translation>
    </message>
    <message>
        <source>Ajouter à une session</source>
        <translation>Add to a session</translation>
    </message>
    <message>
        <source>Ajouter la fiche à une session de formation (Ctrl+Maj+S)</source>
        <translation>Add the entry to a training session (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Dans aucune session</source>
        <translation>In no session</translation>
    </message>
    <message>
        <source>Dans : {names}</source>
        <translation>In: {names}</translation>
    </message>
</context>
<context>
    <name>SessionsView</name>
    <message>
        <source>Mes sessions</source>
        <translation>My sessions</translation>
    </message>
    <message>
        <source>Nombre de sessions</source>
        <translation>Number of sessions</translation>
    </message>
    <message>
        <source>Liste des sessions</source>
        <translation>List of sessions</translation>
    </message>
    <message>
        <source>F2 pour renommer la session choisie, Suppr pour la supprimer.</source>
        <translation>F2 renames the chosen session, Del deletes it.</translation>
    </message>
    <message>
        <source>&amp;Nouvelle session…</source>
        <translation>&amp;New session…</translation>
    </message>
    <message>
        <source>Créer une session de formation vide</source>
        <translation>Create an empty training session</translation>
    </message>
    <message>
        <source>&amp;Renommer…</source>
        <translation>&amp;Rename…</translation>
    </message>
    <message>
        <source>Renommer la session choisie (F2)</source>
        <translation>Rename the chosen session (F2)</translation>
    </message>
    <message>
        <source>Supprimer…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Supprimer la session choisie (Suppr) ; ses fiches et vos notes restent</source>
        <translation>Delete the chosen session (Del); its entries and your notes stay</translation>
    </message>
    <message>
        <source>Aucune session pour l’instant.

Une session rassemble, dans l’ordre, les fiches et les notes d’une formation. « Nouvelle session… » pour en préparer une, puis ajoutez-y des fiches depuis le lecteur (Ctrl+Maj+S).</source>
        <translation>No sessions yet.

A session gathers, in order, the entries and notes of a training course. “New session…” to prepare one, then add entries to it from the reader (Ctrl+Shift+S).</translation>
    </message>
    <message>
        <source>Contenu de la session</source>
        <translation>Contents of the session</translation>
    </message>
    <message>
        <source>Ajouter une &amp;note…</source>
        <translation>Add a &amp;note…</translation>
    </message>
    <message>
        <source>Écrire une note libre et l’ajouter à la fin de la session</source>
        <translation>Write a free note and add it at the end of the session</translation>
    </message>
    <message>
        <source>&amp;Exporter la session…</source>
        <translation>&amp;Export the session…</translation>
    </message>
    <message>
        <source>Le support de la session en PDF, HTML ou Markdown (Ctrl+E)</source>
        <translation>The session&apos;s handout as PDF, HTML or Markdown (Ctrl+E)</translation>
    </message>
    <message>
        <source>Éléments de la session</source>
        <translation>Items of the session</translation>
    </message>
    <message>
        <source>Dans l’ordre de la session. Alt+Haut et Alt+Bas déplacent l’élément choisi, F2 modifie son commentaire, Suppr le retire, Entrée l’ouvre.</source>
        <translation>In the order of the session. Alt+Up and Alt+Down move the chosen item, F2 edits its comment, Del removes it, Enter opens it.</translation>
    </message>
    <message>
        <source>Cette session est vide. Ouvrez une fiche et choisissez « Ajouter à une session » (Ctrl+Maj+S), ou ajoutez-y une note.</source>
        <translation>This session is empty. Open an entry and choose “Add to a session” (Ctrl+Shift+S), or add a note to it.</translation>
    </message>
    <message>
        <source>&amp;Monter</source>
        <translation>Move &amp;up</translation>
    </message>
    <message>
        <source>Placer l’élément choisi plus haut (Alt+Haut)</source>
        <translation>Move the chosen item up (Alt+Up)</translation>
    </message>
    <message>
        <source>&amp;Descendre</source>
        <translation>Move &amp;down</translation>
    </message>
    <message>
        <source>Placer l’élément choisi plus bas (Alt+Bas)</source>
        <translation>Move the chosen item down (Alt+Down)</translation>
    </message>
    <message>
        <source>&amp;Commentaire…</source>
        <translation>&amp;Comment…</translation>
    </message>
    <message>
        <source>Écrire ou modifier le commentaire de l’élément choisi (F2)</source>
        <translation>Write or edit the comment on the chosen item (F2)</translation>
    </message>
    <message>
        <source>Re&amp;tirer</source>
        <translation>Re&amp;move</translation>
    </message>
    <message>
        <source>Retirer l’élément choisi de la session (Suppr)</source>
        <translation>Remove the chosen item from the session (Del)</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Remettre l’élément retiré (Ctrl+Z)</source>
        <translation>Put the removed item back (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Annuler le retrait</source>
        <translation>Undo the removal</translation>
    </message>
    <message>
        <source>1 session</source>
        <translation>1 session</translation>
    </message>
    <message>
        <source>{n} sessions</source>
        <translation>{n} sessions</translation>
    </message>
    <message>
        <source>vide</source>
        <translation>empty</translation>
    </message>
    <message>
        <source>1 élément</source>
        <translation>1 item</translation>
    </message>
    <message>
        <source>{n} éléments</source>
        <translation>{n} items</translation>
    </message>
    <message>
        <source>modifiée le {date}</source>
        <translation>changed on {date}</translation>
    </message>
    <message>
        <source>⚠ {n} fiche(s) mise(s) à jour depuis leur ajout</source>
        <translation>⚠ {n} entries updated since they were added</translation>
    </message>
    <message>
        <source>Cet élément n’existe plus dans la bibliothèque.</source>
        <translation>This item is no longer in the library.</translation>
    </message>
    <message>
        <source>La session n’a pas pu être modifiée : {reason}</source>
        <translation>The session could not be changed: {reason}</translation>
    </message>
    <message>
        <source>Ajoutée à la nouvelle session « {name} ».</source>
        <translation>Added to the new session “{name}”.</translation>
    </message>
    <message>
        <source>Nouvelle session</source>
        <translation>New session</translation>
    </message>
    <message>
        <source>Nom de la session (par exemple « Formation des élus, 12 mars ») :</source>
        <translation>Name of the session (for instance “Councillors’ training, 12 March”):</translation>
    </message>
    <message>
        <source>Renommer la session</source>
        <translation>Rename the session</translation>
    </message>
    <message>
        <source>Nouveau nom de la session :</source>
        <translation>New name of the session:</translation>
    </message>
    <message>
        <source>Session « {name} » supprimée.</source>
        <translation>Session “{name}” deleted.</translation>
    </message>
    <message>
        <source>Ajoutée à la session « {name} ».</source>
        <translation>Added to the session “{name}”.</translation>
    </message>
    <message>
        <source>Ajouter une note à la session</source>
        <translation>Add a note to the session</translation>
    </message>
    <message>
        <source>Texte de la note (Markdown accepté) :</source>
        <translation>Text of the note (Markdown accepted):</translation>
    </message>
    <message>
        <source>Commentaire</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Votre commentaire sur « {title} » :</source>
        <translation>Your comment on “{title}”:</translation>
    </message>
    <message>
        <source>« {title} » retiré de la session.</source>
        <translation>“{title}” removed from the session.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Paramètres</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Rubriques des paramètres</source>
        <translation>Settings sections</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Sources</translation>
    </message>
    <message>
        <source>Clés de confiance</source>
        <translation>Trusted keys</translation>
    </message>
    <message>
        <source>Général</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Fermer les paramètres</source>
        <translation>Close the settings</translation>
    </message>
    <message>
        <source>Sources de la bibliothèque</source>
        <translation>Library sources</translation>
    </message>
    <message>
        <source>Ajouter une source…</source>
        <translation>Add a source…</translation>
    </message>
    <message>
        <source>Modifier…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Modifier l&apos;adresse ou le jeton</source>
        <translation>Change the address or the token</translation>
    </message>
    <message>
        <source>Retirer…</source>
        <translation>Remove…</translation>
    </message>
    <message>
        <source>Retirer la source</source>
        <translation>Remove the source</translation>
    </message>
    <message>
        <source>Synchroniser</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Synchroniser la source choisie</source>
        <translation>Sync the chosen source</translation>
    </message>
    <message>
        <source>Une source est l&apos;adresse où un réseau publie sa bibliothèque (https://…), ou un fichier .zip reçu sur une clé USB. Le jeton d&apos;accès, pour les contenus réservés aux adhérents, est gardé dans le trousseau du système.</source>
        <translation>A source is the address where a network publishes its library (https://…), or a .zip file received on a USB stick. The access token, for members-only content, is kept in the system’s credential store.</translation>
    </message>
    <message>
        <source>Clé</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Origine</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Ajouter une clé (.pem)…</source>
        <translation>Add a key (.pem)…</translation>
    </message>
    <message>
        <source>Retirer la clé</source>
        <translation>Remove the key</translation>
    </message>
    <message>
        <source>Une exportation n&apos;est acceptée que si elle est signée par l&apos;une de ces clés. Les clés fournies avec l&apos;application ne peuvent pas être retirées.</source>
        <translation>An export is accepted only if it is signed by one of these keys. Keys shipped with the application cannot be removed.</translation>
    </message>
    <message>
        <source> Mo</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Taille maximale des pièces jointes téléchargées automatiquement, en Mo</source>
        <translation>Largest attachment downloaded automatically, in MB</translation>
    </message>
    <message>
        <source>0 : ne jamais télécharger automatiquement ; les plus grandes à la demande</source>
        <translation>0: never download automatically; larger ones on demand</translation>
    </message>
    <message>
        <source>Télécharger automatiquement les pièces jointes jusqu&apos;à</source>
        <translation>Download attachments automatically up to</translation>
    </message>
    <message>
        <source>Langue de l&apos;interface</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>S&apos;applique au prochain démarrage.</source>
        <translation>Applies at the next start.</translation>
    </message>
    <message>
        <source>Système</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Clair</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Sombre</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>Thème</source>
        <translation>Theme</translation>
    </message>
    <message>
        <source>Dossier de données</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Ouvrir le dossier de données</source>
        <translation>Open the data folder</translation>
    </message>
    <message>
        <source>Second dossier de sauvegarde</source>
        <translation>Second backup folder</translation>
    </message>
    <message>
        <source>Retirer la bibliothèque de démonstration</source>
        <translation>Remove the demonstration library</translation>
    </message>
    <message>
        <source>Les fiches de démonstration annotées restent lisibles, marquées retirées</source>
        <translation>Annotated demonstration entries stay readable, marked withdrawn</translation>
    </message>
    <message>
        <source>Trousseau du système disponible pour les jetons.</source>
        <translation>System credential store available for tokens.</translation>
    </message>
    <message>
        <source>Aucun trousseau de mots de passe n&apos;est disponible sur ce système : les jetons d&apos;accès ne peuvent pas être conservés. Les sources publiques fonctionnent sans jeton.</source>
        <translation>No password store is available on this system: access tokens cannot be kept. Public sources work without a token.</translation>
    </message>
    <message>
        <source>sans adresse (synchronisée depuis un fichier)</source>
        <translation>no address (synced from a file)</translation>
    </message>
    <message>
        <source>{name} (démonstration)</source>
        <translation>{name} (demonstration)</translation>
    </message>
    <message>
        <source>{url} — pas encore synchronisée : {error}</source>
        <translation>{url} — not synced yet: {error}</translation>
    </message>
    <message>
        <source>{url} — en attente de sa première synchronisation</source>
        <translation>{url} — waiting for its first sync</translation>
    </message>
    <message>
        <source>toutes</source>
        <translation>all</translation>
    </message>
    <message>
        <source>ajoutée</source>
        <translation>added</translation>
    </message>
    <message>
        <source>fournie avec l&apos;application</source>
        <translation>shipped with the application</translation>
    </message>
    <message>
        <source>Adresse de la source modifiée.</source>
        <translation>Source address changed.</translation>
    </message>
    <message>
        <source>Source enregistrée.</source>
        <translation>Source saved.</translation>
    </message>
    <message>
        <source>Retirer la source « {name} » et ses fiches ? Vos notes et vos tags sont gardés, et les fiches que vous avez annotées restent lisibles.</source>
        <translation>Remove the source “{name}” and its entries? Your notes and tags are kept, and the entries you annotated stay readable.</translation>
    </message>
    <message>
        <source>Choisir la clé publique d&apos;un éditeur</source>
        <translation>Choose a publisher’s public key</translation>
    </message>
    <message>
        <source>Clés publiques (*.pem)</source>
        <translation>Public keys (*.pem)</translation>
    </message>
    <message>
        <source>Tous les fichiers (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>Clé {key_id} ajoutée aux clés de confiance.</source>
        <translation>Key {key_id} added to the trusted keys.</translation>
    </message>
    <message>
        <source>Toutes les sources</source>
        <translation>All sources</translation>
    </message>
    <message>
        <source>Sources de cette clé</source>
        <translation>Sources for this key</translation>
    </message>
    <message>
        <source>Pour quelle source la clé {key_id} signe-t-elle les exportations ? Choisissez ou tapez l&apos;identifiant de la source.</source>
        <translation>Which source does key {key_id} sign exports for? Choose or type the source&apos;s identifier.</translation>
    </message>
    <message>
        <source>Faire confiance à la clé {key_id} pour toutes les sources ? Elle pourra signer toute source qui n&apos;est pas déjà liée à une autre clé.</source>
        <translation>Trust key {key_id} for all sources? It will be able to sign any source not already tied to another key.</translation>
    </message>
    <message>
        <source>Ne plus faire confiance à la clé {key_id} ? Les exportations signées par elle seront refusées.</source>
        <translation>Stop trusting the key {key_id}? Exports signed with it will be refused.</translation>
    </message>
    <message>
        <source>Clé {key_id} retirée.</source>
        <translation>Key {key_id} removed.</translation>
    </message>
    <message>
        <source>Impossible d&apos;ouvrir le dossier {path}</source>
        <translation>Cannot open the folder {path}</translation>
    </message>
    <message>
        <source>Retirer la bibliothèque de démonstration ? Les fiches que vous avez annotées restent lisibles, marquées retirées ; elle ne reviendra pas au prochain démarrage.</source>
        <translation>Remove the demonstration library? The entries you annotated stay readable, marked withdrawn; it will not come back at the next start.</translation>
    </message>
    <message>
        <source>Retirer la démonstration</source>
        <translation>Remove the demonstration</translation>
    </message>
    <message>
        <source>Bibliothèque mise à jour.</source>
        <translation>Library updated.</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Bibliothèque</source>
        <translation>Library</translation>
    </message>
    <message>
        <source>Parcourir la bibliothèque par type, par thème, par tag personnel ou par source ; « Mes notes » ouvre la liste de vos notes, « Mes sessions » vos sessions de formation.</source>
        <translation>Browse the library by type, theme, personal tag or source; “My notes” opens the list of your notes, “My sessions” your training sessions.</translation>
    </message>
    <message>
        <source>Toutes les ressources</source>
        <translation>All resources</translation>
    </message>
    <message>
        <source>Nouveautés</source>
        <translation>What&apos;s new</translation>
    </message>
    <message>
        <source>Par type</source>
        <translation>By type</translation>
    </message>
    <message>
        <source>Par thème</source>
        <translation>By theme</translation>
    </message>
    <message>
        <source>Mes tags</source>
        <translation>My tags</translation>
    </message>
    <message>
        <source>Aucun tag pour l&apos;instant</source>
        <translation>No tags yet</translation>
    </message>
    <message>
        <source>Mes notes</source>
        <translation>My notes</translation>
    </message>
    <message>
        <source>À revérifier</source>
        <translation>To re-check</translation>
    </message>
    <message>
        <source>Mes sessions</source>
        <translation>My sessions</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Sources</translation>
    </message>
    <message>
        <source> (démonstration)</source>
        <translation> (demonstration)</translation>
    </message>
    <message>
        <source>Aucune source</source>
        <translation>No source</translation>
    </message>
</context>
<context>
    <name>SourceDialog</name>
    <message>
        <source>Ajouter une source</source>
        <translation>Add a source</translation>
    </message>
    <message>
        <source>Modifier la source</source>
        <translation>Edit the source</translation>
    </message>
    <message>
        <source>Jeton d&apos;accès</source>
        <translation>Access token</translation>
    </message>
    <message>
        <source>facultatif : contenus réservés aux adhérents</source>
        <translation>optional: members-only content</translation>
    </message>
    <message>
        <source>laisser vide pour garder le jeton actuel</source>
        <translation>leave empty to keep the current token</translation>
    </message>
    <message>
        <source>Effacer le jeton enregistré</source>
        <translation>Forget the stored token</translation>
    </message>
    <message>
        <source>Aucun trousseau de mots de passe n&apos;est disponible sur ce système : un jeton d&apos;accès ne peut pas y être conservé.</source>
        <translation>No password store is available on this system: an access token cannot be kept in it.</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Lecture du manifeste</source>
        <translation>Reading the manifest</translation>
    </message>
    <message>
        <source>Téléchargement des fiches</source>
        <translation>Downloading entries</translation>
    </message>
    <message>
        <source>Téléchargement des pièces jointes</source>
        <translation>Downloading attachments</translation>
    </message>
    <message>
        <source>Téléchargement de la pièce jointe</source>
        <translation>Downloading the attachment</translation>
    </message>
    <message>
        <source>Application des changements</source>
        <translation>Applying the changes</translation>
    </message>
    <message>
        <source>Terminé</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Mise à jour de l&apos;index de recherche</source>
        <translation>Updating the search index</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Étape en cours</source>
        <translation>Current step</translation>
    </message>
    <message>
        <source>Avancement de la synchronisation</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <source>Fiches et octets reçus</source>
        <translation>Entries and bytes received</translation>
    </message>
    <message>
        <source>Résultat de la synchronisation</source>
        <translation>Sync result</translation>
    </message>
    <message>
        <source>Avertissements</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>Erreur</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Détails</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Afficher les détails de l&apos;erreur</source>
        <translation>Show the error details</translation>
    </message>
    <message>
        <source>Détails de l&apos;erreur</source>
        <translation>Error details</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Annuler la synchronisation</source>
        <translation>Cancel the sync</translation>
    </message>
    <message>
        <source>Voir les nouveautés</source>
        <translation>See what&apos;s new</translation>
    </message>
    <message>
        <source>Les fiches nouvelles et mises à jour par cette synchronisation</source>
        <translation>The entries this sync added or updated</translation>
    </message>
    <message>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Synchronisation de toutes les sources</source>
        <translation>Syncing every source</translation>
    </message>
    <message>
        <source>Synchronisation depuis {where}</source>
        <translation>Syncing from {where}</translation>
    </message>
    <message>
        <source>Préparation…</source>
        <translation>Preparing…</translation>
    </message>
    <message>
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Annulation en cours…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>{done} sur {total}</source>
        <translation>{done} of {total}</translation>
    </message>
    <message>
        <source>Aucune source à synchroniser : ajoutez l&apos;adresse de votre réseau dans les paramètres, ou choisissez une exportation (.zip ou dossier).</source>
        <translation>No source to sync: add your network’s address in the settings, or choose an export (.zip or folder).</translation>
    </message>
    <message>
        <source>Une erreur inattendue a interrompu la synchronisation ; la bibliothèque n&apos;a pas été modifiée.</source>
        <translation>An unexpected error stopped the sync; the library was not changed.</translation>
    </message>
    <message>
        <source>Échec</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Annulée</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Synchronisation annulée : la bibliothèque n&apos;a pas été modifiée.</source>
        <translation>Sync cancelled: the library was not changed.</translation>
    </message>
    <message>
        <source>Échec : {reason}</source>
        <translation>Failed: {reason}</translation>
    </message>
    <message>
        <source>{n} nouvelle fiche</source>
        <translation>{n} new entry</translation>
    </message>
    <message>
        <source>{n} nouvelles fiches</source>
        <translation>{n} new entries</translation>
    </message>
    <message>
        <source>{n} mise à jour</source>
        <translation>{n} updated</translation>
    </message>
    <message>
        <source>{n} mises à jour</source>
        <translation>{n} updated</translation>
    </message>
    <message>
        <source>{n} retirée</source>
        <translation>{n} withdrawn</translation>
    </message>
    <message>
        <source>{n} retirées</source>
        <translation>{n} withdrawn</translation>
    </message>
    <message>
        <source>Aucun changement</source>
        <translation>No changes</translation>
    </message>
    <message>
        <source>Type : {kind}</source>
        <translation>Type: {kind}</translation>
    </message>
    <message>
        <source>Fichier ou adresse : {path}</source>
        <translation>File or address: {path}</translation>
    </message>
    <message>
        <source>Message : {message}</source>
        <translation>Message: {message}</translation>
    </message>
    <message>
        <source>Détail technique : {detail}</source>
        <translation>Technical detail: {detail}</translation>
    </message>
    <message>
        <source>Cause : {kind} : {message}</source>
        <translation>Cause: {kind}: {message}</translation>
    </message>
    <message>
        <source>Journal : {path}</source>
        <translation>Log: {path}</translation>
    </message>
</context>
<context>
    <name>SyncLauncher</name>
    <message>
        <source>Synchroniser depuis un fichier</source>
        <translation>Sync from a file</translation>
    </message>
    <message>
        <source>Exports RTES (*.zip);;Tous les fichiers (*)</source>
        <translation>RTES exports (*.zip);;All files (*)</translation>
    </message>
</context>
<context>
    <name>TagEditor</name>
    <message>
        <source>Mes tags de la fiche</source>
        <translation>My tags for this entry</translation>
    </message>
    <message>
        <source>Tags de la fiche</source>
        <translation>Tags of the entry</translation>
    </message>
    <message>
        <source>Ajouter un tag…</source>
        <translation>Add a tag…</translation>
    </message>
    <message>
        <source>Ajouter un tag</source>
        <translation>Add a tag</translation>
    </message>
    <message>
        <source>Tapez un tag puis Entrée ; les tags existants sont proposés</source>
        <translation>Type a tag then Enter; existing tags are suggested</translation>
    </message>
    <message>
        <source>Tags existants</source>
        <translation>Existing tags</translation>
    </message>
    <message>
        <source>Retirer le tag « {name} »</source>
        <translation>Remove the tag “{name}”</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Bienvenue</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Présentation de l’application et premiers pas</source>
        <translation>About the application and first steps</translation>
    </message>
    <message>
        <source>Logo de l’application</source>
        <translation>Application logo</translation>
    </message>
    <message>
        <source>Bienvenue dans la bibliothèque du RTES</source>
        <translation>Welcome to the RTES library</translation>
    </message>
    <message>
        <source>Les ressources que votre service a préparées sont déjà chargées : tapez un mot dans la barre de recherche (Ctrl+K).</source>
        <translation>The resources your IT service prepared are already loaded: type a word in the search bar (Ctrl+K).</translation>
    </message>
    <message>
        <source>Une &lt;b&gt;bibliothèque de démonstration&lt;/b&gt; est déjà chargée : tapez un mot dans la barre de recherche (Ctrl+K), par exemple « SCIC » ou « commande publique », ou parcourez les thèmes à gauche.</source>
        <translation>A &lt;b&gt;demonstration library&lt;/b&gt; is already loaded: type a word in the search bar (Ctrl+K), for example “SCIC” or “commande publique”, or browse the themes on the left.</translation>
    </message>
    <message>
        <source>Cette application rassemble, &lt;b&gt;hors ligne&lt;/b&gt;, les ressources du Réseau des collectivités Territoriales pour une Économie Solidaire : guides RepèrESS, fiches Points de RepèrESS, comptes-rendus de webinaires, questions juridiques.</source>
        <translation>This application gathers, &lt;b&gt;offline&lt;/b&gt;, the resources of the Réseau des collectivités Territoriales pour une Économie Solidaire (RTES): RepèrESS guides, Points de RepèrESS sheets, webinar reports, legal questions.</translation>
    </message>
    <message>
        <source>À côté de chaque ressource, prenez des &lt;b&gt;notes&lt;/b&gt; et ajoutez vos propres &lt;b&gt;tags&lt;/b&gt; : ils restent sur cet ordinateur et aucune synchronisation ne les modifie.</source>
        <translation>Beside each resource, take &lt;b&gt;notes&lt;/b&gt; and add your own &lt;b&gt;tags&lt;/b&gt;: they stay on this computer and no sync ever changes them.</translation>
    </message>
    <message>
        <source>Recevoir les ressources du réseau</source>
        <translation>Receive the network’s resources</translation>
    </message>
    <message>
        <source>Fichier › Paramètres › Sources : ajoutez l’adresse communiquée par le RTES, puis Synchroniser (F5). Sans connexion, un fichier .zip sur une clé USB suffit : Fichier › Synchroniser depuis un fichier…, ou glissez-le sur la fenêtre.</source>
        <translation>File › Settings › Sources: add the address given by the RTES, then Sync (F5). Without a connection, a .zip file on a USB stick is enough: File › Sync from a file…, or drop it on the window.</translation>
    </message>
    <message>
        <source>Présentation</source>
        <translation>Introduction</translation>
    </message>
    <message>
        <source>Ajouter la source du réseau…</source>
        <translation>Add the network’s source…</translation>
    </message>
    <message>
        <source>Ouvre les paramètres, à l’onglet des sources</source>
        <translation>Opens the settings, on the sources tab</translation>
    </message>
    <message>
        <source>Commencer</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Ferme cette présentation</source>
        <translation>Closes this introduction</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Synchroniser</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <source>Mettre à jour la bibliothèque depuis ses sources</source>
        <translation>Update the library from its sources</translation>
    </message>
    <message>
        <source>Synchroniser depuis un &amp;fichier…</source>
        <translation>Sync from a &amp;file…</translation>
    </message>
    <message>
        <source>Synchroniser depuis un export .zip (une clé USB, par exemple)</source>
        <translation>Sync from a .zip export (a USB stick, for example)</translation>
    </message>
    <message>
        <source>&amp;Restaurer une sauvegarde…</source>
        <translation>&amp;Restore a backup…</translation>
    </message>
    <message>
        <source>Revenir à l’état de vos notes, tags et sessions d’un jour précédent</source>
        <translation>Go back to your notes, tags and sessions as they were on an earlier day</translation>
    </message>
    <message>
        <source>&amp;Exporter mes données…</source>
        <translation>&amp;Export my data…</translation>
    </message>
    <message>
        <source>Écrire vos notes, tags et sessions dans un fichier, pour un autre ordinateur</source>
        <translation>Write your notes, tags and sessions to a file, for another computer</translation>
    </message>
    <message>
        <source>&amp;Importer mes données…</source>
        <translation>&amp;Import my data…</translation>
    </message>
    <message>
        <source>Ajouter les notes, tags et sessions d’un fichier exporté</source>
        <translation>Add the notes, tags and sessions of an exported file</translation>
    </message>
    <message>
        <source>&amp;Paramètres…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>Sources, pièces jointes, langue, dossier de données</source>
        <translation>Sources, attachments, language, data folder</translation>
    </message>
    <message>
        <source>&amp;Imprimer…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>Aperçu puis impression de la fiche ou de la session affichée</source>
        <translation>Preview, then print the entry or the session shown</translation>
    </message>
    <message>
        <source>Exporter en &amp;PDF…</source>
        <translation>Export as &amp;PDF…</translation>
    </message>
    <message>
        <source>La fiche ouverte, ou le support de la session affichée, en PDF</source>
        <translation>The open entry, or the handout of the session shown, as PDF</translation>
    </message>
    <message>
        <source>P&amp;artager la session…</source>
        <translation>Sh&amp;are the session…</translation>
    </message>
    <message>
        <source>Écrire un fichier .rtes-session à transmettre à un collègue</source>
        <translation>Write a .rtes-session file to give a colleague</translation>
    </message>
    <message>
        <source>Importer une sess&amp;ion…</source>
        <translation>Import a sess&amp;ion…</translation>
    </message>
    <message>
        <source>Ajouter à « Mes sessions » une session reçue (.rtes-session)</source>
        <translation>Add a received session (.rtes-session) to “My sessions”</translation>
    </message>
    <message>
        <source>&amp;Quitter</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Rechercher</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>Aller au champ de recherche</source>
        <translation>Go to the search field</translation>
    </message>
    <message>
        <source>Rechercher dans la &amp;fiche</source>
        <translation>&amp;Find in this entry</translation>
    </message>
    <message>
        <source>Chercher des mots dans la fiche ouverte (Ctrl+F dans le lecteur ; F3 : suivant, Maj+F3 : précédent)</source>
        <translation>Find words in the open entry (Ctrl+F in the reader; F3: next, Shift+F3: previous)</translation>
    </message>
    <message>
        <source>Occurrence &amp;précédente dans la fiche</source>
        <translation>&amp;Previous match in this entry</translation>
    </message>
    <message>
        <source>&amp;Nouvelle note</source>
        <translation>&amp;New note</translation>
    </message>
    <message>
        <source>Écrire une note sur la ressource ouverte</source>
        <translation>Write a note on the open resource</translation>
    </message>
    <message>
        <source>&amp;Tags de la ressource</source>
        <translation>Resource &amp;tags</translation>
    </message>
    <message>
        <source>Ajouter ou retirer vos tags sur la ressource ouverte</source>
        <translation>Add or remove your tags on the open resource</translation>
    </message>
    <message>
        <source>&amp;Précédent</source>
        <translation>&amp;Back</translation>
    </message>
    <message>
        <source>Revenir à la ressource précédente</source>
        <translation>Go back to the previous resource</translation>
    </message>
    <message>
        <source>&amp;Suivant</source>
        <translation>&amp;Forward</translation>
    </message>
    <message>
        <source>Aller à la ressource suivante</source>
        <translation>Go to the next resource</translation>
    </message>
    <message>
        <source>Mode &amp;lecture</source>
        <translation>&amp;Reading mode</translation>
    </message>
    <message>
        <source>Le lecteur seul, sans les listes autour (Échap pour revenir)</source>
        <translation>The reader alone, without the lists around it (Esc to come back)</translation>
    </message>
    <message>
        <source>Trier par &amp;pertinence</source>
        <translation>Sort by &amp;relevance</translation>
    </message>
    <message>
        <source>Trier par &amp;date</source>
        <translation>Sort by &amp;date</translation>
    </message>
    <message>
        <source>&amp;Barre latérale</source>
        <translation>Side&amp;bar</translation>
    </message>
    <message>
        <source>Panneau des &amp;notes</source>
        <translation>&amp;Notes panel</translation>
    </message>
    <message>
        <source>Panneau suiva&amp;nt</source>
        <translation>Ne&amp;xt panel</translation>
    </message>
    <message>
        <source>Passer d’un panneau à l’autre</source>
        <translation>Move from one panel to the next</translation>
    </message>
    <message>
        <source>A&amp;grandir le texte</source>
        <translation>&amp;Larger text</translation>
    </message>
    <message>
        <source>&amp;Réduire le texte</source>
        <translation>S&amp;maller text</translation>
    </message>
    <message>
        <source>&amp;Taille normale du texte</source>
        <translation>N&amp;ormal text size</translation>
    </message>
    <message>
        <source>&amp;Toutes les ressources</source>
        <translation>&amp;All resources</translation>
    </message>
    <message>
        <source>Retirer tous les filtres</source>
        <translation>Remove all filters</translation>
    </message>
    <message>
        <source>&amp;Nouveautés</source>
        <translation>&amp;What&apos;s new</translation>
    </message>
    <message>
        <source>Les fiches nouvelles et mises à jour par les synchronisations</source>
        <translation>The entries the syncs added or updated</translation>
    </message>
    <message>
        <source>&amp;Mes notes</source>
        <translation>&amp;My notes</translation>
    </message>
    <message>
        <source>Mes &amp;sessions</source>
        <translation>My &amp;sessions</translation>
    </message>
    <message>
        <source>Vos sessions de formation : fiches et notes dans l’ordre</source>
        <translation>Your training sessions: entries and notes in order</translation>
    </message>
    <message>
        <source>&amp;Ajouter à une session…</source>
        <translation>&amp;Add to a session…</translation>
    </message>
    <message>
        <source>Ajouter la ressource ouverte à une session de formation</source>
        <translation>Add the open entry to a training session</translation>
    </message>
    <message>
        <source>&amp;Effacer les filtres</source>
        <translation>&amp;Clear filters</translation>
    </message>
    <message>
        <source>&amp;Gérer mes tags…</source>
        <translation>&amp;Manage my tags…</translation>
    </message>
    <message>
        <source>&amp;Reconstruire l’index de recherche</source>
        <translation>&amp;Rebuild the search index</translation>
    </message>
    <message>
        <source>Refaire l’index depuis la bibliothèque (quelques secondes à quelques minutes)</source>
        <translation>Rebuild the index from the library (a few seconds to a few minutes)</translation>
    </message>
    <message>
        <source>&amp;Premiers pas</source>
        <translation>&amp;Getting started</translation>
    </message>
    <message>
        <source>&amp;Raccourcis clavier</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Ouvrir le fichier &amp;journal</source>
        <translation>Open the &amp;log file</translation>
    </message>
    <message>
        <source>Ouvrir le &amp;dossier de données</source>
        <translation>Open the &amp;data folder</translation>
    </message>
    <message>
        <source>À &amp;propos</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>É&amp;dition</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Affichage</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Bibliothèque</source>
        <translation>&amp;Library</translation>
    </message>
    <message>
        <source>Aid&amp;e</source>
        <translation>&amp;Help</translation>
    </message>
</context>
<context>
    <name>WindowBackups</name>
    <message>
        <source>Exporter mes données</source>
        <translation>Export my data</translation>
    </message>
    <message>
        <source>Données personnelles RTES (*.json);;Tous les fichiers (*)</source>
        <translation>RTES personal data (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>Export de vos données…</source>
        <translation>Exporting your data…</translation>
    </message>
    <message>
        <source>Importer mes données</source>
        <translation>Import my data</translation>
    </message>
</context>
<context>
    <name>WindowSessions</name>
    <message>
        <source>Ouvrez d’abord une fiche pour l’ajouter à une session.</source>
        <translation>Open an entry first to add it to a session.</translation>
    </message>
</context>
<context>
    <name>_LocationDialog</name>
    <message>
        <source>Synchroniser depuis…</source>
        <translation>Sync from…</translation>
    </message>
    <message>
        <source>Synchroniser depuis une adresse ou un fichier</source>
        <translation>Sync from an address or a file</translation>
    </message>
    <message>
        <source>Adresse de l&apos;exportation de votre réseau (https://…), ou fichier .zip ou dossier reçu sur une clé USB.</source>
        <translation>Address of your network’s export (https://…), or a .zip file or folder received on a USB stick.</translation>
    </message>
    <message>
        <source>Synchroniser</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
