; Inno Setup script for the Windows installer of pmsdesk.
;
; Build the bundle on Windows first, the same way as on Linux:
;     py -3.11 -m venv .venv && .venv\Scripts\pip install -e .[test] pyinstaller
;     .venv\Scripts\python -m PyInstaller --noconfirm --clean installer\pmsdesk.spec
; then compile this script with Inno Setup 6 (ISCC.exe installer\windows\pmsdesk.iss),
; passing the version: ISCC /DAppVersion=0.1.0 installer\windows\pmsdesk.iss
;
; What it does: a per-user install (no administrator rights) into
; %LOCALAPPDATA%\Programs\pmsdesk, a Start-menu entry, the .pmspkg file
; association (double-click opens the package in pmsdesk), and an uninstaller
; that removes the program but never the user's data: databases, backups and
; signing keys live in %LOCALAPPDATA%\pmsdesk, which is not touched.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define BundleDir "..\..\dist\pmsdesk-" + AppVersion

[Setup]
AppId={{6E8C2F1A-4B7D-4C39-9E61-2F0D8B5A7C13}
AppName=pmsdesk
AppVersion={#AppVersion}
AppPublisher=pmsdesk
DefaultDirName={localappdata}\Programs\pmsdesk
DefaultGroupName=pmsdesk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
DisableProgramGroupPage=yes
OutputBaseFilename=pmsdesk-{#AppVersion}-setup
OutputDir=..\..\dist
Compression=lzma2/max
SolidCompression=yes
UninstallDisplayIcon={app}\pmsdesk.exe
WizardStyle=modern

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\pmsdesk"; Filename: "{app}\pmsdesk.exe"; Comment: "Performance management"
Name: "{group}\pmsdesk self-test"; Filename: "{app}\pmsdesk-cli.exe"; Parameters: "--self-test"
Name: "{group}\Uninstall pmsdesk"; Filename: "{uninstallexe}"

[Registry]
; Per-user file association: HKCU\Software\Classes needs no administrator rights.
Root: HKCU; Subkey: "Software\Classes\.pmspkg"; ValueType: string; ValueName: ""; ValueData: "pmsdesk.Package"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\pmsdesk.Package"; ValueType: string; ValueName: ""; ValueData: "pmsdesk sync package"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\pmsdesk.Package\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\pmsdesk.exe,0"
Root: HKCU; Subkey: "Software\Classes\pmsdesk.Package\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\pmsdesk-cli.exe"" package verify ""%1"""

[Run]
Filename: "{app}\pmsdesk-cli.exe"; Parameters: "--self-test"; Description: "Run the self-test"; Flags: postinstall skipifsilent runhidden
Filename: "{app}\pmsdesk.exe"; Description: "Open pmsdesk"; Flags: postinstall nowait skipifsilent

; [UninstallDelete] deliberately lists nothing under {localappdata}\pmsdesk: the data stays.
