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
; unless they tick the box that removes those as well.

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

!ifndef VERSION | VERSION4 | SRCDIR | ICON | OUTFILE
  !error "pass -DVERSION=x.y.z -DVERSION4=x.y.z.0 -DSRCDIR=dir -DICON=file.ico -DOUTFILE=setup.exe (scripts/dist-windows.sh does)"
!endif

!define APP "keepcool"
!define PUBLISHER "The keepcool authors"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\keepcool"
!define RUNKEY "Software\Microsoft\Windows\CurrentVersion\Run"
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
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "keepcool is uninstalled"
!define MUI_FINISHPAGE_TEXT "Unless you ticked $\"Also remove my config and incident journals$\", they are still there:$\r$\n$\r$\n  %APPDATA%\keepcool (config.toml)$\r$\n  %LOCALAPPDATA%\keepcool (incident journals, post-mortems)$\r$\n$\r$\nDelete those two folders to remove them too (paste each path into Explorer's address bar). If you set KEEPCOOL_HOME, everything is in that folder instead."
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

; A running keepcool holds its executables open, so ask it to quit before
; replacing or deleting them. Failure is fine: usually none is running, and
; when one is, File's own retry dialog still tells the user.
!macro QuitRunning un
Function ${un}QuitRunning
  ${If} ${FileExists} "$INSTDIR\keepcool.exe"
    DetailPrint "Asking a running keepcool to quit"
    nsExec::ExecToLog '"$INSTDIR\keepcool.exe" quit'
    Pop $0
    ${If} $0 == 0
      Sleep 1500 ; the engine exits just after it answers
    ${EndIf}
  ${EndIf}
FunctionEnd
!macroend
!insertmacro QuitRunning ""
!insertmacro QuitRunning "un."

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

Section "un.keepcool (required)" SecUnApp
  SectionIn RO
  SetShellVarContext current
  Call un.QuitRunning
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
SectionEnd
