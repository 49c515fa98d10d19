"""The printed cover sheet carries the sender's key fingerprint for first-contact checks."""

from __future__ import annotations

from pypdf import PdfReader

from pmsdesk.cli.main import main
from pmsdesk.sync import read_package


def test_the_cover_sheet_names_sender_receiver_counts_and_fingerprint(pair, tmp_path, capsys):
    out = tmp_path / "cover.pdf"
    assert main(["package", "cover", str(pair.first_package), "--out", str(out)]) == 0
    text = PdfReader(str(out)).pages[0].extract_text()
    package = read_package(pair.first_package)
    assert package.fingerprint in text
    assert f"From office: {package.manifest.sender_office}" in text
    assert f"To office: {package.manifest.receiver_office}" in text
    assert f"Package number: {package.manifest.sequence}" in text
    assert "Received by" in text


def test_a_damaged_package_gets_no_cover_sheet(tmp_path, capsys):
    junk = tmp_path / "junk.pmspkg"
    junk.write_bytes(b"not a zip")
    assert main(["package", "cover", str(junk), "--out", str(tmp_path / "c.pdf")]) == 2
    assert "not a pmsdesk package" in capsys.readouterr().err
    assert not (tmp_path / "c.pdf").exists()
