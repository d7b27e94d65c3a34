; Inno Setup 6 script: the Windows installer of rtes-desktop (UTF-8 with BOM, for the
; accented French messages on Inno Setup before 6.3).
;
; Build (after `python scripts/build.py`, from the repository root):
;   iscc /DAppVersion=0.1.0 installer\windows\rtes-desktop.iss
; Output: dist\rtes-desktop-<version>-windows-setup.exe
;
; Installs for the current user, without administrator rights, into
; %LOCALAPPDATA%\Programs\rtes-desktop ({autopf} in per-user mode). IT can instead install
; for every user of the computer with /ALLUSERS (administrator, Program Files).
;
; Silent install for IT (docs/deploy.md):
;   rtes-desktop-0.1.0-windows-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;     [/CONFIG="\\serveur\partage\rtes-desktop.toml"] [/LANG=fr|en] [/ALLUSERS]
; /CONFIG copies a machine configuration file beside rtes-desktop.exe, where the
; application reads it (it wins over %PROGRAMDATA%\rtes-desktop\rtes-desktop.toml).

#ifndef AppVersion
  ; The release workflow passes the version of the build (/DAppVersion=...).
  #error Pass the version: iscc /DAppVersion=X.Y.Z installer\windows\rtes-desktop.iss
#endif

#ifndef AppNumericVersion
  ; Four integers for the version resource (scripts/build.py numeric_versions): 1.4.0rc2
  ; is 1.4.0.302. A plain X.Y.Z version works as is.
  #define AppNumericVersion AppVersion
#endif

#define AppName "RTES Desktop"
#define AppExe "rtes-desktop.exe"
#ifndef SourceDir
  ; The one-folder build to pack (tests/test_installer_wine.py packs a stand-in).
  #define SourceDir "..\..\dist\rtes-desktop"
#endif

[Setup]
; A fixed id: upgrades replace the previous version instead of installing beside it.
AppId={{6C1B5F0E-3D2A-4F7B-9A8E-2E4D7C9B1A53}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=RTES
AppPublisherURL=https://www.rtes.fr
AppSupportURL=https://www.rtes.fr
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoCompany=RTES
VersionInfoDescription={#AppName} installer
#ifdef SignInstaller
; Signing (release.yml, when a signing secret exists): ISCC is given
;   /DSignInstaller "/Srtessign=powershell.exe -NoProfile -ExecutionPolicy Bypass -File $qinstaller\windows\sign.ps1$q $f"
; and signs the setup and the uninstaller it embeds (locked-down PCs refuse an unsigned
; uninstaller too; SmartScreen and AppLocker read both).
SignTool=rtessign
SignedUninstaller=yes
#endif
; Per user, no administrator rights: {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
; /ALLUSERS on the command line installs for all users, as administrator (tools that
; deploy as SYSTEM need it: a per-user install would land in SYSTEM's own profile).
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\rtes-desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=rtes-desktop-{#AppVersion}-windows-setup
SetupIconFile=..\..\resources\icons\rtes-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Ask a running copy to close (Restart Manager) rather than fail on locked files.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
; French first: the installer speaks French on a French Windows, English elsewhere.
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fr.LaunchApp=Lancer {#AppName}
en.LaunchApp=Launch {#AppName}
fr.ConfigMissing=Fichier de configuration introuvable : %1
en.ConfigMissing=Configuration file not found: %1
fr.AppComment=Bibliothèque hors ligne des ressources du RTES
en.AppComment=Offline library of the RTES resources

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole build: stale libraries of an older version must not stay.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The one-folder PyInstaller build: rtes-desktop.exe (windowed), rtes-desktop-cli.exe
; (console, for scripts) and _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; /CONFIG=path: IT's machine configuration, copied beside the executable.
Source: "{code:ConfigPath}"; DestDir: "{app}"; DestName: "rtes-desktop.toml"; Flags: external ignoreversion; Check: HasConfig

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The configuration /CONFIG dropped. The user's library (notes, tags) lives in
; %LOCALAPPDATA%\RTES\rtes-desktop and is never removed by the uninstaller.
Type: files; Name: "{app}\rtes-desktop.toml"

[Code]
function ConfigPath(Param: String): String;
begin
  Result := ExpandConstant('{param:CONFIG|}');
  if Result <> '' then
    Result := ExpandFileName(Result);
end;

function HasConfig: Boolean;
begin
  Result := ConfigPath('') <> '';
end;

function InitializeSetup: Boolean;
begin
  Result := True;
  // A /CONFIG that names nothing stops the install (exit code 1 in silent mode) rather
  // than leaving a computer without the configuration IT meant it to have.
  if HasConfig and not FileExists(ConfigPath('')) then
  begin
    SuppressibleMsgBox(FmtMessage(CustomMessage('ConfigMissing'), [ConfigPath('')]),
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;
