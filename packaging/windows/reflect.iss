; Inno Setup script: a per-user installer for the Windows bundle, no administrator rights.
;
; Build the bundle first, then compile this script (Inno Setup 6, https://jrsoftware.org/isinfo.php):
;     uv run pyinstaller --noconfirm reflect.spec
;     iscc /DAppVersion=0.1.0 packaging\windows\reflect.iss
; The installer is written to dist\installer\Reflect-<version>-setup.exe.
;
; PrivilegesRequired=lowest installs into the user's own %LOCALAPPDATA%\Programs\Reflect and
; writes only HKEY_CURRENT_USER, so it works on trust machines without administrator rights;
; PrivilegesRequiredOverridesAllowed lets an administrator choose an install for all users.
; Data is never touched: it lives in %LOCALAPPDATA%\Reflect and stays after an uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
; Root: the repository (SourcePath is this script's folder, with a trailing backslash)
#define Root SourcePath + "..\.."

[Setup]
AppId={{6C1C3C38-5B0B-4C39-9E0A-3F2B1F6D8A51}
AppName=Reflect
AppVersion={#AppVersion}
AppPublisher=Reflect
DefaultDirName={autopf}\Reflect
DefaultGroupName=Reflect
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir={#Root}\dist\installer
OutputBaseFilename=Reflect-{#AppVersion}-setup
SetupIconFile={#Root}\build\reflect\icons\reflect.ico
UninstallDisplayIcon={app}\reflectw.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "{#Root}\dist\reflect\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Reflect"; Filename: "{app}\reflectw.exe"
Name: "{autodesktop}\Reflect"; Filename: "{app}\reflectw.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Run]
Filename: "{app}\reflectw.exe"; Description: "{cm:LaunchProgram,Reflect}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Start at login is a value Reflect sets under HKCU\...\Run; remove it with the program.
Filename: "{sys}\reg.exe"; Parameters: "delete HKCU\Software\Microsoft\Windows\CurrentVersion\Run /v Reflect /f"; Flags: runhidden; RunOnceId: "RemoveRunValue"
