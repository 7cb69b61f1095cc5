"""gunicorn's settings, read from the folder it is started in (README: "Running in production").

Some staff requests do seconds of work before they answer: a consultation report's draft downloaded as PDF is
rendered in the request (≈ 15–30 s with 1,200 remarks, benchmarks/consultation_report.py; publishing renders in a
background task), and a survey's XLSX export writes the whole file (≈ 35–50 s at 100,000 responses,
benchmarks/survey_load.py). gunicorn's sync worker is killed when it has been busy for `timeout` seconds (30 by
default), which would cut those requests off with a 502.
"""

timeout = 300
