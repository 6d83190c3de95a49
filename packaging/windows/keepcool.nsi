; keepcool's Windows installer: per user (no administrator rights), into
; %LOCALAPPDATA%\Programs\keepcool, with a Start-menu entry and an autostart
; entry that both run keepcoolw.exe (the tray without a console window).
;
; scripts/dist-windows.sh builds it:
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DSRCDIR=<folder of the zip's
;     files> -DICON=<keepcool.ico> -DOUTFILE=<setup.exe> keepcool.nsi
; packaging/distcheck compiles it too, so a broken script fails the check.
;
; The uninstaller removes exactly what this installs (and the toast app ID
; keepcool registers when it first notifies). It leaves the user's
; config (%APPDATA%\keepcool) and incident journals (%LOCALAPPDATA%\keepcool)
; unless they tick the box that removes those as well, and always leaves the
; secrets in Windows Credential Manager (it says where they are).
;
; Exit codes (silent mode, /S): 0 done; 2 a keepcool program could not be
; replaced or removed because it is still running (a keepcool-gui window
; holding a note not yet sent stays open on purpose): no file was changed.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
!ifdef UNCOMPRESSED
  ; packaging/distcheck's build: the script's strings (registry keys) stay
  ; readable in the .exe, so the test can check them.
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include Sections.nsh

!ifndef VERSION | VERSION4 | SRCDIR | ICON | OUTFILE
  !error "pass -DVERSION=x.y.z -DVERSION4=x.y.z.0 -DSRCDIR=dir -DICON=file.ico -DOUTFILE=setup.exe (scripts/dist-windows.sh does)"
!endif

!define APP "keepcool"
!define PUBLISHER "The keepcool authors"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\keepcool"
!define RUNKEY "Software\Microsoft\Windows\CurrentVersion\Run"
; go-keyring keeps keyring:NAME secrets as generic credentials with the
; target keepcool:NAME (service "keepcool", user NAME); nothing here removes
; them, as other installs of keepcool (or a reinstall) may still use them.
!define KEYRINGTEXT "Secrets you stored in the keyring stay in Windows Credential Manager as keepcool:NAME. Remove them in Control Panel > Credential Manager > Windows Credentials, or in a terminal: cmdkey /list | findstr keepcool: shows them, cmdkey /delete:keepcool:NAME removes one."
; Every file the installer puts in $INSTDIR, so the uninstaller deletes
; exactly these (and then $INSTDIR only if nothing else is in it).
!macro AppFiles do
  ${do} "keepcool.exe"
  ${do} "keepcoolw.exe"
  ${do} "keepcool-gui.exe"
  ${do} "LICENSE.txt"
  ${do} "README.md"
  ${do} "CHANGELOG.md"
!macroend

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\keepcool"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${SRCDIR}\LICENSE.txt"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\keepcoolw.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start keepcool now (it lives in the notification area)"
!define MUI_PAGE_CUSTOMFUNCTION_SHOW FinishShow
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "keepcool is uninstalled"
!define MUI_FINISHPAGE_TEXT "Unless you ticked $\"Also remove my config and incident journals$\", they are still there:$\r$\n  %APPDATA%\keepcool (config.toml)$\r$\n  %LOCALAPPDATA%\keepcool (incident journals, post-mortems)$\r$\nDelete those two folders to remove them too (paste each path into Explorer's address bar). If you set KEEPCOOL_HOME, everything is in that folder instead.$\r$\n$\r$\n${KEYRINGTEXT}"
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "keepcool installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "MIT licence"
VIAddVersionKey /LANG=${LANG_ENGLISH} "OriginalFilename" "keepcool-${VERSION}-windows-amd64-setup.exe"

Var HadKeepcool ; 1: an earlier install was there (this is an upgrade)
Var WasRunning  ; 1: a running keepcool was asked to quit

; A running keepcool holds its executables open, so ask it to quit before
; replacing or deleting them, and wait (up to 10 s) until `keepcool status`
; says it is gone (exit 3: not running). An upgrade plain quits (the shield
; stays up mid-incident: the new version, started again, carries on);
; the uninstaller passes --restore-shield, as once keepcool is gone
; nothing would put do-not-disturb and the chat status back.
!macro QuitRunning un quitargs
Function ${un}QuitRunning
  StrCpy $HadKeepcool 0
  StrCpy $WasRunning 0
  ${IfNot} ${FileExists} "$INSTDIR\keepcool.exe"
    Return
  ${EndIf}
  StrCpy $HadKeepcool 1
  DetailPrint "Asking a running keepcool to quit"
  nsExec::ExecToLog '"$INSTDIR\keepcool.exe" quit ${quitargs}'
  Pop $0
  ; 3: none was running; "error": keepcool.exe would not start (broken:
  ; WaitUnlocked still checks nothing holds the files).
  ${If} $0 == 3
  ${OrIf} $0 == "error"
    Return
  ${EndIf}
  ; 0, or 1 when the shield could not all be put back: either way the
  ; engine is on its way out.
  StrCpy $WasRunning 1
  StrCpy $1 0
  ${Do}
    nsExec::ExecToStack '"$INSTDIR\keepcool.exe" status'
    Pop $0 ; exit code
    Pop $2 ; output, unused
    ${If} $0 == 3
      DetailPrint "keepcool has quit"
      ${Break}
    ${EndIf}
    IntOp $1 $1 + 1
    ${If} $1 >= 20
      DetailPrint "keepcool has not quit after 10 seconds (status exit code $0)"
      ${Break}
    ${EndIf}
    Sleep 500
  ${Loop}
FunctionEnd
!macroend
!insertmacro QuitRunning "" ""
!insertmacro QuitRunning "un." "--restore-shield"

; IfLocked NAME: $R1 = NAME when $INSTDIR\NAME exists and cannot be opened
; for writing, which is what Windows refuses for a running program's image
; (File and Delete would then fail). Opening in append mode ("a") changes
; nothing in the file. Renaming is no test: Windows lets a running .exe be
; renamed.
!macro IfLocked name
  ${If} $R1 == ""
  ${AndIf} ${FileExists} "$INSTDIR\${name}"
    ClearErrors
    FileOpen $R2 "$INSTDIR\${name}" a
    ${If} ${Errors}
      StrCpy $R1 "${name}"
    ${Else}
      FileClose $R2
    ${EndIf}
  ${EndIf}
!macroend

; Before any file is replaced or deleted: none of keepcool's programs may
; still be running. A process that has just quit may take a moment to let
; go (3 s of tries); after that a window is most likely open on purpose
; (keepcool-gui keeps one that holds a note not yet sent), so the user is
; asked to close it. Silent mode cannot ask: it stops with exit code 2,
; having changed no file, rather than hang or leave half the files old.
!macro WaitUnlocked un
Function ${un}WaitUnlocked
  StrCpy $R0 0
  ${Do}
    StrCpy $R1 ""
    !insertmacro IfLocked "keepcool.exe"
    !insertmacro IfLocked "keepcoolw.exe"
    !insertmacro IfLocked "keepcool-gui.exe"
    ${If} $R1 == ""
      Return
    ${EndIf}
    IntOp $R0 $R0 + 1
    ${If} $R0 < 10
      Sleep 300
      ${Continue}
    ${EndIf}
    DetailPrint "$INSTDIR\$R1 is still running"
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "keepcool is still running ($R1). Close keepcool's windows (one holds a note you have not sent), then choose Retry." /SD IDCANCEL IDRETRY retry
    DetailPrint "Stopped: close keepcool's windows (one holds a note you have not sent) and run this again. No file was changed (a running keepcool was asked to quit: start it again from the Start menu if you need it)."
    SetErrorLevel 2
    Abort "keepcool is still running"
    retry:
    StrCpy $R0 0
  ${Loop}
FunctionEnd
!macroend
!insertmacro WaitUnlocked ""
!insertmacro WaitUnlocked "un."

; Interactive: "Start keepcool now" is ticked on a first install and when
; the upgrade stopped a running keepcool, not when the user had it stopped.
Function FinishShow
  ${If} $HadKeepcool == 1
  ${AndIf} $WasRunning == 0
    SendMessage $mui.FinishPage.Run ${BM_SETCHECK} ${BST_UNCHECKED} 0
  ${EndIf}
FunctionEnd

; Silent: no finish page, so an upgrade that stopped keepcool starts it again.
Function .onInstSuccess
  ${If} ${Silent}
  ${AndIf} $WasRunning == 1
    Exec '"$INSTDIR\keepcoolw.exe"'
  ${EndIf}
FunctionEnd

!macro InstallFile name
  File "${SRCDIR}\${name}"
!macroend
!macro DeleteFile name
  Delete "$INSTDIR\${name}"
!macroend

Section "keepcool (required)" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  Call QuitRunning
  Call WaitUnlocked
  !insertmacro AppFiles "!insertmacro InstallFile"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\keepcool.lnk" "$INSTDIR\keepcoolw.exe" "" "$INSTDIR\keepcoolw.exe" 0
  ; A reinstall without the autostart box ticked takes the old entry away.
  DeleteRegValue HKCU "${RUNKEY}" "keepcool"

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\keepcoolw.exe,0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "Start keepcool when I sign in" SecAutostart
  WriteRegStr HKCU "${RUNKEY}" "keepcool" '"$INSTDIR\keepcoolw.exe"'
SectionEnd

; An upgrade keeps the engineer's autostart choice: installed before but no
; Run value means they turned it off, so the box starts unticked (and a
; silent upgrade, which shows no box, leaves it off).
Function .onInit
  ReadRegStr $0 HKCU "${UNINSTKEY}" "DisplayName"
  ReadRegStr $1 HKCU "${RUNKEY}" "keepcool"
  ${If} $0 != ""
  ${AndIf} $1 == ""
    !insertmacro UnselectSection ${SecAutostart}
  ${EndIf}
FunctionEnd

Section "un.keepcool (required)" SecUnApp
  SectionIn RO
  SetShellVarContext current
  Call un.QuitRunning
  Call un.WaitUnlocked
  !insertmacro AppFiles "!insertmacro DeleteFile"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR" ; only when empty: never what the user put there
  Delete "$SMPROGRAMS\keepcool.lnk"
  DeleteRegValue HKCU "${RUNKEY}" "keepcool"
  DeleteRegKey HKCU "${UNINSTKEY}"
  ; Not the installer's but the app's: its notifications (beeep, go-toast)
  ; register keepcool's toast app ID here on first use.
  DeleteRegKey HKCU "Software\Classes\AppUserModelId\keepcool"
SectionEnd

Section /o "un.Also remove my config and incident journals" SecUnData
  RMDir /r "$APPDATA\keepcool"
  RMDir /r "$LOCALAPPDATA\keepcool"
  DetailPrint "Removed $APPDATA\keepcool and $LOCALAPPDATA\keepcool"
SectionEnd

Section "-un.leftovers"
  ${IfNot} ${SectionIsSelected} ${SecUnData}
    DetailPrint "Kept your config in $APPDATA\keepcool and incident journals in $LOCALAPPDATA\keepcool."
    DetailPrint "Delete those folders to remove them too."
  ${EndIf}
  DetailPrint "${KEYRINGTEXT}"
SectionEnd
