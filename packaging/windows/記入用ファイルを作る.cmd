@echo off
rem Double-click launcher: the Excel forms for the sections, into the forms folder.
rem ASCII only: cmd.exe reads a batch file in the console's code page (CP932
rem on Japanese Windows); every word the clerk reads comes from the program.
setlocal
cd /d "%~dp0"
rem A data folder dropped on this file is the one used.
set "DATA=data"
if not "%~1"=="" set "DATA=%~1"
welfare-sheets.exe forms --data "%DATA%" --out-dir forms --pause
set "RC=%ERRORLEVEL%"
rem 9009: the program is not beside this file (the zip was not extracted).
if "%RC%"=="9009" pause
exit /b %RC%
