//! Placeholder: obligations of appendix_c are being written (issue 4).
