@echo off
rem Double-click launcher (forms dropped on it are the ones imported): imports the returned forms collected in the kaishuu folder into the data.
rem ASCII only: cmd.exe reads a batch file in the console's code page (CP932
rem on Japanese Windows); every word the clerk reads comes from the program.
setlocal
cd /d "%~dp0"
welfare-sheets.exe import %* --data data --pause
set "RC=%ERRORLEVEL%"
rem 9009: the program is not beside this file (the zip was not extracted).
if "%RC%"=="9009" pause
exit /b %RC%
