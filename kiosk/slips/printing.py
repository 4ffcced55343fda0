"""Sending a slip's raster to a receipt printer as ESC/POS (python-escpos does the protocol).

The printer is named by one address (KIOSK_PRINTER, or the station settings page's choice):
  tcp://192.168.1.50:9100   a network printer (raw port 9100)
  usb://04b8:0e15           a USB printer by vendor:product id (needs `pip install pyusb`)
  cups://Receipt            a CUPS queue taking raw jobs (needs `pip install pycups`)
  file:///dev/usb/lp0       a printer's device node: /dev/usb/lp*, /dev/lp*, or a serial port
                            /dev/ttyS*, /dev/ttyUSB*, /dev/ttyACM* (never any other file)
"""

import re
import socket
from urllib.parse import urlsplit

from escpos.capabilities import get_profile
from escpos.escpos import Escpos
from escpos.printer import CupsPrinter, Dummy, File, Network, Usb
from PIL import Image

#: Seconds to wait for a network printer before calling the print failed.
NETWORK_TIMEOUT = 5
#: The only files a slip is written to: a printer's device node. Anything else would be
#: overwritten with ESC/POS bytes (the writable folder holds the database and the data key).
DEVICE_PATH = re.compile(r"/dev/(usb/lp|lp|ttyS|ttyUSB|ttyACM)[0-9]{1,3}")


def is_printer_device(path: str) -> bool:
    return DEVICE_PATH.fullmatch(path) is not None


class PrinterSettingError(ValueError):
    """KIOSK_PRINTER is not one of the forms above."""


def printer_for(setting: str) -> Escpos:
    url = urlsplit(setting)
    match url.scheme:
        case "tcp":
            if not url.hostname:
                raise PrinterSettingError(setting)
            return Network(url.hostname, url.port or 9100, timeout=NETWORK_TIMEOUT)
        case "usb":
            vendor, _, product = url.netloc.partition(":")
            try:
                return Usb(int(vendor, 16), int(product, 16))
            except ValueError as error:
                raise PrinterSettingError(setting) from error
        case "cups":
            return CupsPrinter(printer_name=url.netloc)
        case "file":
            if url.netloc or not is_printer_device(url.path):
                raise PrinterSettingError(setting)
            return File(devfile=url.path)
    raise PrinterSettingError(setting)


def write_slip(printer: Escpos, image: Image.Image) -> None:
    """Reset, the raster (GS v 0, in bands), feed and cut."""
    profile = get_profile()
    # The stock profile knows no paper width; the slip was drawn for this printer's.
    profile.profile_data = {
        **profile.profile_data,
        "media": {"dpi": 203, "width": {"mm": "Unknown", "pixels": image.width}},
    }
    printer.profile = profile
    printer.hw("INIT")
    printer.image(image, impl="bitImageRaster")
    printer.cut()


def escpos_bytes(image: Image.Image) -> bytes:
    """The bytes a printer would receive for this slip."""
    printer = Dummy()
    write_slip(printer, image)
    return printer.output


def send(setting: str, image: Image.Image) -> None:
    """Print the slip on the configured printer; raises whatever stops it."""
    printer = printer_for(setting)
    if isinstance(printer, Network):
        # Connect here: python-escpos drops a refused socket without closing it.
        address = (printer.host, printer.port)
        printer.device = socket.create_connection(address, timeout=NETWORK_TIMEOUT)
    try:
        write_slip(printer, image)
    finally:
        printer.close()
